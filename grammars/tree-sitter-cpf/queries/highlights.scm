; Highlights for iris.cpf, CPF merge files and CSP.ini.
; No node gets two captures (the alternatives below exclude each other), so
; the result does not depend on whether an editor lets the first or the last
; matching pattern win.

; Sections
(section_header
  "[" @punctuation.bracket
  "]" @punctuation.bracket)

; `[Actions]` (any letter case) holds operations, not settings.
((section_name) @keyword
  (#match? @keyword "^[ \t]*[Aa][Cc][Tt][Ii][Oo][Nn][Ss][ \t]*$"))

((section_name) @type
  (#not-match? @type "^[ \t]*[Aa][Cc][Tt][Ii][Oo][Nn][Ss][ \t]*$"))

; Settings: `Key=Value`
(setting
  key: (key) @property)

(setting
  "=" @operator)

((value) @number
  (#match? @number "^-?[0-9]+(\\.[0-9]+)?[ \t]*$"))

((value) @string
  (#not-match? @string "^-?[0-9]+(\\.[0-9]+)?[ \t]*$"))

; [Actions]: `Operation:Prop=Value,Prop="quoted, value"`
(action
  name: (action_name) @function)

(action
  ":" @punctuation.delimiter)

(action
  "," @punctuation.delimiter)

(property
  key: (property_name) @variable.parameter)

(property
  "=" @operator)

(property_value
  "," @punctuation.delimiter)

((property_value) @number
  (#match? @number "^-?[0-9]+[ \t]*$"))

; `$$$AuthePassword+$$$AutheUnauthenticated`
((property_value) @constant.builtin
  (#match? @constant.builtin "^\\$\\$\\$"))

((property_value) @string
  (#not-match? @string "^(-?[0-9]+[ \t]*$|\\$\\$\\$)"))

(quoted_value) @string

; Comments: a line whose first non-blank character is `;` or `#`
(comment) @comment
