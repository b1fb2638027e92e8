/**
 * @file tree-sitter grammar for the INI family used by InterSystems IRIS:
 *       the instance file `iris.cpf`, CPF merge files (with their
 *       `[Actions]` section) and the Web Gateway's `CSP.ini`.
 * @license MIT
 */

/// <reference types="tree-sitter-cli/dsl" />
// @ts-check

// The grammar is line based and has no extras: line endings and blanks are
// (hidden) tokens of their own, so every byte belongs to a token and no line
// can run into the next one. A line ending *starts* each line after the first,
// which lets the last line of a file go without one.

module.exports = grammar({
  name: 'cpf',

  extras: _ => [],

  // From src/scanner.c, which keeps every syntax error on its own line:
  // - `key` and `action_name` only when the line has the shape of a setting
  //   (`Key=`) or of an action (`Name:Prop=`);
  // - `_newline`: `\n`, `\r\n` or a lone `\r`, marking a change of scanner
  //   state so that error recovery never skips a line ending it can resume at;
  // - `_invalid_text`, used by no rule: during error recovery only, the rest of
  //   a line that cannot be read.
  externals: $ => [$.key, $.action_name, $._newline, $._invalid_text],

  // `PasswordHash=hash,salt,10000,SHA512`: after a bare value, a comma either
  // continues the value (the next item has no `=`) or starts the next property.
  // One token of lookahead cannot tell; the parser forks for one item.
  conflicts: $ => [[$.property_value]],

  rules: {
    document: $ => seq(
      optional($.bom),
      optional($._line),
      repeat(seq($._newline, optional($._line))),
      repeat($.section),
    ),

    // Declared for completeness: tree-sitter's lexer skips a byte order mark at
    // offset 0 before any token is read, so this node is never produced (the
    // first node then starts at byte 3).
    bom: _ => '\uFEFF',

    _blank: _ => /[ \t]+/,

    // ---------------------------------------------------------------- sections

    section: $ => choice(
      seq(
        field('header', $.section_header),
        optional($._blank),
        repeat(seq($._newline, optional($._line))),
      ),
      seq(
        field('header', alias($._actions_header, $.section_header)),
        optional($._blank),
        repeat(seq($._newline, optional($._action_line))),
      ),
    ),

    section_header: $ => seq('[', field('name', $.section_name), ']'),

    // `[Actions]` in any letter case: the name is its own token, so the lines
    // after the header are read as operations. For `[ActionsX]` the ordinary
    // name is longer and wins; for an exact `Actions` both tokens match the
    // same text and the one declared first (this one) wins.
    _actions_header: $ => seq(
      '[',
      field('name', alias($._actions_name, $.section_name)),
      ']',
    ),
    _actions_name: _ => /[ \t]*[Aa][Cc][Tt][Ii][Oo][Nn][Ss][ \t]*/,

    section_name: _ => /[^\]\r\n]+/,

    // ------------------------------------------------------------------- lines

    _line: $ => choice(
      $._content,
      seq($._blank, optional($._content)),
    ),
    _content: $ => choice($.setting, $.comment),

    _action_line: $ => choice(
      $._action_content,
      seq($._blank, optional($._action_content)),
    ),
    _action_content: $ => choice($.action, $.comment),

    comment: _ => /[;#][^\r\n]*/,

    // ---------------------------------------------------------------- settings

    setting: $ => seq(
      field('key', $.key),
      optional($._blank),
      '=',
      optional($._blank),
      optional(field('value', $.value)),
    ),

    // `key` (external): everything up to the first `=`, without surrounding
    // blanks.

    // Everything after `=` (and its blanks) to the end of the line, trailing
    // blanks included. No escapes and no continuation: `c:\mgr\` ends at `\`.
    value: _ => /[^ \t\r\n][^\r\n]*/,

    // ----------------------------------------------------------------- actions

    // `Operation:Prop=Value,Prop="quoted, value",…`; a line ending in a comma
    // continues on the next line when that line is indented.
    action: $ => seq(
      field('name', $.action_name),
      optional($._blank),
      ':',
      optional($._blank),
      $.property,
      repeat(seq(',', optional($._wrap), $.property)),
    ),
    // `action_name` (external): the operation, up to blanks or `:`.

    // Blanks after a comma, or a line break followed by an indented line.
    _wrap: _ => /[ \t]+|[ \t]*(\r?\n|\r)[ \t]+/,

    property: $ => seq(
      field('key', $.property_name),
      '=',
      optional($._blank),
      optional(seq(field('value', $.property_value), optional($._blank))),
    ),
    // Up to the `=`; blanks before the `=` (rare) stay in the name.
    property_name: $ => $._item,

    // The first item runs to the next comma (it may hold `=`, blanks, `%`, `:`,
    // `$`, …); each following item without `=` belongs to this value.
    property_value: $ => seq(
      choice($.quoted_value, $._first_item),
      repeat(seq(',', optional($._wrap), choice($.quoted_value, $._item))),
    ),
    quoted_value: _ => /"([^"\r\n]|"")*"/,
    _first_item: _ => /[^ \t\r\n,"][^\r\n,]*/,
    _item: _ => /[^ \t\r\n,="][^\r\n,=]*/,
  },
});
