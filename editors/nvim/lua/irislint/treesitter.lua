-- The repository's tree-sitter grammar (grammars/tree-sitter-cpf) as a
-- Neovim parser, with its highlight queries.
--
-- The committed parser.c is generated for tree-sitter ABI 15, which only
-- Neovim 0.11+ loads; 0.7-0.10 load ABI 14 at most. An ABI-14 parser differs
-- from it only in the version number, the lex-mode type and some trailing
-- language fields, so it is derived from the committed file (the same text
-- `tree-sitter generate --abi 14` writes, which the test suite checks) and
-- compiled with `cc`, once per change of the grammar.
local uv = vim.uv or vim.loop -- vim.loop is deprecated from 0.10
local M = {}

local LANG = "cpf"
local FILETYPES = { "iriscpf", "iriscspini" }

local function read(path)
  local f = io.open(path, "rb")
  if not f then
    return nil
  end
  local text = f:read("*a")
  f:close()
  return text
end

local function write(path, text)
  local f = assert(io.open(path, "wb"))
  f:write(text)
  f:close()
end

local function mtime(path)
  local stat = uv.fs_stat(path)
  return stat and stat.mtime.sec or nil
end

--- parser.c for ABI 15 -> the same parser for ABI 14, or nil and why.
function M.to_abi14(source)
  if source:find("#define LANGUAGE_VERSION 14\n", 1, true) then
    return source
  end
  if not source:find("#define LANGUAGE_VERSION 15\n", 1, true) then
    return nil, "parser.c is neither ABI 14 nor ABI 15"
  end
  if source:find(".reserved_word_set_id", 1, true) then
    return nil, "the grammar uses reserved words, which ABI 14 cannot express"
  end
  local out = source:gsub("#define LANGUAGE_VERSION 15\n", "#define LANGUAGE_VERSION 14\n", 1)
  out = out:gsub("TSLexerMode", "TSLexMode")
  -- Fields of the language struct that ABI 14 does not have.
  out = out:gsub("\n    %.supertype_[%w_]+ = [^\n]*", "")
  out = out:gsub("\n    %.name = [^\n]*", "")
  out = out:gsub("\n    %.reserved_words = [^\n]*", "")
  out = out:gsub("\n    %.max_reserved_word_set_size = [^\n]*", "")
  out = out:gsub("\n    %.metadata = {\n.-\n    },", "")
  return out
end

--- Compiles the parser if needed; returns the shared library's path or nil, why.
function M.build(config)
  local src_dir = vim.fn.fnamemodify(config.grammar_dir, ":p"):gsub("/$", "") .. "/src"
  local source_path = src_dir .. "/parser.c"
  local lib = config.parser_dir .. "/" .. LANG .. ".so"
  local source_time = math.max(mtime(source_path) or 0, mtime(src_dir .. "/scanner.c") or 0)
  if not mtime(source_path) then
    return nil, "no grammar at " .. source_path
  end
  local lib_time = mtime(lib)
  if lib_time and lib_time >= source_time then
    return lib
  end
  local abi14, why = M.to_abi14(read(source_path))
  if not abi14 then
    return nil, why
  end
  vim.fn.mkdir(config.parser_dir, "p")
  local c_file = config.parser_dir .. "/parser-abi14.c"
  write(c_file, abi14)
  local cc = vim.env.CC or "cc"
  -- Built beside the target and renamed, so a running Neovim never loads half a file.
  local tmp = lib .. ".tmp"
  local args = { cc, "-O2", "-shared", "-fPIC", "-I", src_dir, "-o", tmp, c_file }
  -- A grammar with an external scanner ships it as scanner.c beside parser.c.
  if uv.fs_stat(src_dir .. "/scanner.c") then
    table.insert(args, src_dir .. "/scanner.c")
  end
  local output = vim.fn.system(args)
  if vim.v.shell_error ~= 0 then
    return nil, cc .. " failed: " .. output
  end
  assert(uv.fs_rename(tmp, lib))
  return lib
end

local registered = false

local function register(lib, config)
  if registered then
    return true
  end
  local queries = read(vim.fn.fnamemodify(config.grammar_dir, ":p"):gsub("/$", "") .. "/queries/highlights.scm")
  if not queries then
    return false, "no queries/highlights.scm in " .. config.grammar_dir
  end
  local ts = vim.treesitter
  if ts.language.add then -- 0.9+
    ts.language.add(LANG, { path = lib })
    ts.language.register(LANG, FILETYPES)
    ts.query.set(LANG, "highlights", queries)
  else -- 0.7, 0.8
    ts.require_language(LANG, lib)
    ts.set_query(LANG, "highlights", queries)
  end
  registered = true
  return true
end

--- Turns on tree-sitter highlighting for a CPF or CSP.ini buffer. Any
--- failure is reported once and leaves the buffer as it was.
function M.highlight(buf, config)
  if M.failed then
    return false
  end
  local lib, why = M.build(config)
  local ok = lib ~= nil
  if ok then
    local called, result, reason = pcall(register, lib, config)
    ok = called and result
    why = called and reason or result
  end
  if not ok then
    M.failed = why
    vim.notify("irislint: no tree-sitter highlighting: " .. tostring(why), vim.log.levels.WARN)
    return false
  end
  if vim.treesitter.start then -- 0.8+
    vim.treesitter.start(buf, LANG)
  else
    vim.treesitter.highlighter.new(vim.treesitter.get_parser(buf, LANG))
  end
  return true
end

return M
