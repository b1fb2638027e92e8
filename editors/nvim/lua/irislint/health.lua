-- :checkhealth irislint: which binary the plugin runs (and where it found
-- it), the binary's version, and why the server would not start.
-- Neovim 0.10+ has vim.health.start/ok/…; 0.7–0.9 have report_start/report_ok/…
-- (0.7 only in require("health")).
local M = {}

local function reporter()
  local h = vim.health or {}
  if h.start then
    return h
  end
  local old = h.report_start and h or require("health")
  return { start = old.report_start, ok = old.report_ok, info = old.report_info, warn = old.report_warn, error = old.report_error }
end

function M.check()
  local health = reporter()
  local plugin = require("irislint")
  local binary = require("irislint.binary")
  health.start("irislint")
  local config = plugin.config
  if not config then
    health.warn("setup() has not been called: no buffer gets the server", { 'require("irislint").setup({})' })
    config = plugin.defaults
  end

  local found, tried = binary.find(config.cmd)
  if not found then
    health.error(
      ("no irislint binary: tried %s; the server would not start"):format(table.concat(tried, ", ")),
      { "install irislint (cargo install --path . in its checkout)", "build this checkout: cargo build --release", "or pass cmd = { '/path/to/irislint', 'server' } to setup()" }
    )
    return
  end
  health.ok(("binary: %s (from %s)"):format(found.path, found.origin))

  local version, why = binary.version(found.path)
  if version then
    health.ok("version: " .. version)
  else
    health.error(("%s --version failed (%s): the server would not start"):format(found.path, why), {
      "rebuild or reinstall irislint",
      "or pass another binary: cmd = { '/path/to/irislint', 'server' }",
    })
  end

  if config.treesitter and vim.fn.executable(vim.env.CC or "cc") ~= 1 then
    health.warn(("no C compiler (%s): CPF highlighting needs one to build the parser"):format(vim.env.CC or "cc"), { "install gcc, or setup({ treesitter = false })" })
  end
end

return M
