/**
 * @file tree-sitter grammar for the IRIS INI family: iris.cpf, CPF merge files
 * (with their [Actions] section) and the Web Gateway's CSP.ini.
 *
 * The grammar is line based and has no extras: every byte belongs to a token,
 * so the tree is lossless. A line's leading blanks belong to its first token
 * (consumers trim them).
 */
module.exports = grammar({
  name: 'cpf',

  extras: _ => [],

  rules: {
    // Lines are separated by line endings: a line ending starts the next
    // line, so the last line needs none and nothing can run two lines together.
    document: $ => seq(
      optional($.bom),
      optional($._content),
      repeat(seq($._newline, optional($._content))),
      repeat($.section),
    ),

    bom: _ => '\uFEFF',

    _newline: _ => /\r?\n/,
    // A line of blanks, or the blanks after a header.
    _blank: _ => /[ \t]+/,

    _content: $ => choice($.setting, $.comment, $._blank),
    _action_content: $ => choice($.action, $.comment, $._blank),

    section: $ => choice(
      prec.right(seq(
        field('header', $.section_header),
        optional($._blank),
        repeat(seq($._newline, optional($._content))),
      )),
      prec.right(seq(
        field('header', alias($._actions_header, $.section_header)),
        optional($._blank),
        repeat(seq($._newline, optional($._action_content))),
      )),
    ),

    section_header: $ => seq('[', field('name', $.section_name), ']'),
    section_name: _ => /[^\]\r\n]+/,

    // `[Actions]` in any letter case is one token, so that the lines after it
    // are read as operations; `[ActionsX]` falls back to an ordinary header.
    _actions_header: _ => token(prec(2, /\[[Aa][Cc][Tt][Ii][Oo][Nn][Ss]\]/)),

    setting: $ => seq(
      field('key', $.key),
      '=',
      optional(field('value', $.value)),
    ),
    key: _ => /[ \t]*[^=\[\r\n;# \t][^=\r\n]*/,
    value: _ => /[^\r\n]+/,

    comment: _ => /[ \t]*[;#][^\r\n]*/,

    action: $ => seq(
      field('name', $.action_name),
      ':',
      $._item,
      repeat(seq($._separator, $._item)),
    ),
    action_name: _ => /[ \t]*[A-Za-z_%][A-Za-z0-9_.%]*/,

    // A comma; a line ending in a comma continues on the next, indented line.
    _separator: _ => token(seq(',', /[ \t]*/, optional(seq(/\r?\n/, /[ \t]+/)))),

    // An item without `=` continues the previous property's value
    // (`PasswordHash=hash,salt,10000,SHA512`).
    _item: $ => choice($.property, $.value_continuation),
    value_continuation: $ => $._word,

    property: $ => seq(
      field('key', $.property_name),
      '=',
      optional(field('value', $.property_value)),
    ),
    property_name: $ => $._word,
    property_value: $ => choice($.quoted_value, $._word),
    quoted_value: _ => /"([^"\r\n]|"")*"/,
    _word: _ => /[^,=\r\n"][^,=\r\n]*/,
  },
});
