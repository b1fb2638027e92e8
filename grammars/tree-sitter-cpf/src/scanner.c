// External scanner for the `cpf` grammar (iris.cpf, merge files, CSP.ini).
//
// Its only purpose is to keep every syntax error on its own line.
//
// * `key` (ordinary sections) and `action_name` (`[Actions]`) are the first
//   token of a line. The scanner produces them only when the rest of the line
//   has the shape of a setting (`Key=…`) or of an action (`Name:Prop=…`): a
//   regular expression cannot look past the end of its token to check that.
//   Without the check, a line that is neither (`just words`) would be read as
//   a key with a missing `=`, or glued to the next line by error recovery.
//
// * During error recovery (every external symbol is then valid, among them
//   `_invalid_text`, which no grammar rule uses) the scanner takes the rest of
//   the line as one `_invalid_text` token, so a bad line becomes one ERROR
//   node, never reaching past its line ending.
//
// * `_newline` is produced here so that it can carry a change of scanner
//   state (the state records "the last external token was a line ending").
//   When error recovery resumes on a line ending that changed the state,
//   tree-sitter drops the alternative of skipping that line ending, so an
//   error can never swallow the following lines, even when two bad lines are
//   close together.
//
// The state is one flag, local to the previous external token, so
// incremental reparsing can reuse the rest of the tree after an edit.

#include "tree_sitter/parser.h"

#include <stdlib.h>

enum TokenType {
  KEY,
  ACTION_NAME,
  NEWLINE,
  INVALID_TEXT,  // valid in no state: only during error recovery
};

typedef struct {
  bool after_newline;
} Scanner;

void *tree_sitter_cpf_external_scanner_create(void) { return calloc(1, sizeof(Scanner)); }

void tree_sitter_cpf_external_scanner_destroy(void *payload) { free(payload); }

unsigned tree_sitter_cpf_external_scanner_serialize(void *payload, char *buffer) {
  Scanner *scanner = (Scanner *)payload;
  if (!scanner->after_newline) return 0;
  buffer[0] = 1;
  return 1;
}

void tree_sitter_cpf_external_scanner_deserialize(void *payload, const char *buffer, unsigned length) {
  Scanner *scanner = (Scanner *)payload;
  scanner->after_newline = length > 0 && buffer[0] != 0;
}

static inline bool is_eol(TSLexer *lexer) {
  return lexer->eof(lexer) || lexer->lookahead == '\n' || lexer->lookahead == '\r';
}

static inline bool is_blank(int32_t c) { return c == ' ' || c == '\t'; }

static inline void advance(TSLexer *lexer) { lexer->advance(lexer, false); }

static inline void skip_blanks(TSLexer *lexer) {
  while (!lexer->eof(lexer) && is_blank(lexer->lookahead)) advance(lexer);
}

// `Key=`: everything up to the first `=`, ending at its last non-blank
// character; the line must contain the `=`.
static bool scan_key(TSLexer *lexer) {
  int32_t c = lexer->lookahead;
  if (is_eol(lexer) || is_blank(c) || c == '=' || c == ';' || c == '#' || c == '[') return false;
  while (!is_eol(lexer) && lexer->lookahead != '=') {
    bool blank = is_blank(lexer->lookahead);
    advance(lexer);
    if (!blank) lexer->mark_end(lexer);
  }
  return !is_eol(lexer);
}

static inline bool is_name_char(TSLexer *lexer) {
  int32_t c = lexer->lookahead;
  return !is_eol(lexer) && !is_blank(c) && c != ':' && c != '=' && c != ',' && c != '"';
}

// `Name:Prop=`: the operation name, then `:` and a first property name
// followed by `=` (blanks are allowed around the `:`).
static bool scan_action_name(TSLexer *lexer) {
  int32_t c = lexer->lookahead;
  if (!is_name_char(lexer) || c == ';' || c == '#' || c == '[' || c == ']') return false;
  while (is_name_char(lexer)) advance(lexer);
  lexer->mark_end(lexer);
  skip_blanks(lexer);
  if (lexer->eof(lexer) || lexer->lookahead != ':') return false;
  advance(lexer);
  skip_blanks(lexer);
  if (is_eol(lexer) || lexer->lookahead == ',' || lexer->lookahead == '=' || lexer->lookahead == '"') return false;
  while (!is_eol(lexer) && lexer->lookahead != '=' && lexer->lookahead != ',' && lexer->lookahead != '"') {
    advance(lexer);
  }
  return !is_eol(lexer) && lexer->lookahead == '=';
}

bool tree_sitter_cpf_external_scanner_scan(void *payload, TSLexer *lexer, const bool *valid_symbols) {
  Scanner *scanner = (Scanner *)payload;

  if (valid_symbols[NEWLINE] && !lexer->eof(lexer) && (lexer->lookahead == '\n' || lexer->lookahead == '\r')) {
    if (lexer->lookahead == '\r') advance(lexer);
    if (!lexer->eof(lexer) && lexer->lookahead == '\n') advance(lexer);
    lexer->mark_end(lexer);
    lexer->result_symbol = NEWLINE;
    scanner->after_newline = true;
    return true;
  }

  if (valid_symbols[INVALID_TEXT]) {
    if (is_eol(lexer)) return false;
    while (!is_eol(lexer)) advance(lexer);
    lexer->mark_end(lexer);
    lexer->result_symbol = INVALID_TEXT;
    scanner->after_newline = false;
    return true;
  }

  if (valid_symbols[KEY] && scan_key(lexer)) {
    lexer->result_symbol = KEY;
    scanner->after_newline = false;
    return true;
  }

  if (valid_symbols[ACTION_NAME] && scan_action_name(lexer)) {
    lexer->result_symbol = ACTION_NAME;
    scanner->after_newline = false;
    return true;
  }

  return false;
}
