; Sections
(section_header "[" @punctuation.bracket)
(section_header "]" @punctuation.bracket)
(section_name) @type
(section_header) @type

; Settings
(key) @property
"=" @operator
(value) @string

; [Actions] operations
(action_name) @function
":" @punctuation.delimiter
(property_name) @variable.parameter
(property_value) @string
(quoted_value) @string
(value_continuation) @string

(comment) @comment
