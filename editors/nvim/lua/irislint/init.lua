-- irislint for Neovim: filetypes, the language server and tree-sitter
-- highlighting for IRIS configuration files, from one setup() call.
-- Works from Neovim 0.7 (Debian 12) on: newer APIs are used when present.
local M = {}

local plugin_root = debug.getinfo(1, "S").source:sub(2):gsub("/lua/irislint/init%.lua$", "")

M.defaults = {
  -- The server command, e.g. { "/path/to/irislint", "server" }; nil: `irislint`
  -- on PATH, else this checkout's target/release or target/debug build.
  cmd = nil,
  -- "production" or "development"; nil lets irislint.toml decide.
  profile = nil,
  -- The project root is the nearest folder holding one of these.
  root_markers = { "irislint.toml", ".irislint.toml", ".git" },
  -- Highlight CPF and CSP.ini files with the repository's tree-sitter grammar
  -- (compiled on first use with `cc`).
  treesitter = true,
  -- The grammar: the checkout's grammars/tree-sitter-cpf beside editors/nvim.
  grammar_dir = plugin_root .. "/../../grammars/tree-sitter-cpf",
  -- Where the compiled parser goes.
  parser_dir = vim.fn.stdpath("cache") .. "/irislint",
  on_attach = nil,
  capabilities = nil,
}

M.config = nil

function M.setup(opts)
  M.config = vim.tbl_deep_extend("force", {}, M.defaults, opts or {})
  if type(M.config.cmd) == "string" then
    M.config.cmd = { M.config.cmd, "server" }
  end
  require("irislint.filetypes").register()
  require("irislint.rule").register(M.config)
  local group = vim.api.nvim_create_augroup("irislint", { clear = true })
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = require("irislint.filetypes").all,
    callback = function(args)
      M.attach(args.buf)
    end,
  })
  -- Buffers already open when setup() runs.
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(buf) then
      M.attach(buf)
    end
  end
end

--- Starts (or reuses) the server for a buffer and turns on highlighting.
function M.attach(buf)
  local filetypes = require("irislint.filetypes")
  if not filetypes.wanted(buf) then
    return
  end
  require("irislint.lsp").start(buf, M.config)
  if M.config.treesitter and filetypes.highlighted[vim.bo[buf].filetype] then
    require("irislint.treesitter").highlight(buf, M.config)
  end
end

return M
