-- Starts `irislint server` for a buffer: vim.lsp.start where it exists
-- (0.8+), else vim.lsp.start_client + vim.lsp.buf_attach_client, with one
-- client per project root either way.
local uv = vim.uv or vim.loop -- vim.loop is deprecated from 0.10
local M = {}

-- 0.7 only: root directory -> client id.
local clients = {}

--- The nearest folder above the buffer's file holding one of the markers,
--- else the file's own folder.
function M.root_dir(buf, markers)
  local file = vim.api.nvim_buf_get_name(buf)
  local dir = vim.fn.fnamemodify(file, ":p:h")
  local current = dir
  while true do
    for _, marker in ipairs(markers) do
      if uv.fs_stat(current .. "/" .. marker) then
        return current
      end
    end
    local parent = vim.fn.fnamemodify(current, ":h")
    if parent == current then
      return dir
    end
    current = parent
  end
end

local function client_config(buf, config)
  local root = M.root_dir(buf, config.root_markers)
  local settings = { irislint = { profile = config.profile } }
  return {
    name = "irislint",
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
    -- The server reads the profile from here at start, and from
    -- workspace/configuration afterwards (answered from `settings`).
    init_options = config.profile and { profile = config.profile } or vim.empty_dict(),
    settings = settings,
    capabilities = config.capabilities or vim.lsp.protocol.make_client_capabilities(),
    on_attach = config.on_attach,
  }
end

-- Said once per session: every IRIS buffer would otherwise repeat it.
local warned = false

--- The server's command line: setup()'s `cmd`, or the binary found (see
--- binary.lua) with `server`; nil (and a warning, once) when there is none.
function M.command(config)
  local binary = require("irislint.binary")
  local found, tried = binary.find(config.cmd)
  if found then
    local cmd = config.cmd and vim.deepcopy(config.cmd) or { found.path, "server" }
    cmd[1] = found.path
    return cmd
  end
  if not warned then
    warned = true
    vim.notify(binary.missing_message(tried), vim.log.levels.ERROR)
  end
  return nil
end

function M.start(buf, config)
  local cmd = M.command(config)
  if not cmd then
    return nil
  end
  local cfg = client_config(buf, config)
  cfg.cmd = cmd
  if vim.lsp.start then
    return vim.lsp.start(cfg, { bufnr = buf })
  end
  local id = clients[cfg.root_dir]
  if not id or not vim.lsp.get_client_by_id(id) then
    id = vim.lsp.start_client(cfg)
    clients[cfg.root_dir] = id
  end
  if id then
    vim.lsp.buf_attach_client(buf, id)
  end
  return id
end

return M
