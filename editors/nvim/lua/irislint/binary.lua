-- Finds the irislint binary: the `cmd` given to setup(), else `irislint` on
-- PATH, else the build in the checkout the plugin came from
-- (target/release/irislint, then target/debug/irislint, beside editors/nvim),
-- so that a plugin used straight from a built checkout needs no settings.
local M = {}

-- editors/nvim/lua/irislint/binary.lua -> the checkout's root.
local checkout = vim.fn.fnamemodify(debug.getinfo(1, "S").source:sub(2), ":p:h:h:h:h:h")

--- Where the binary is looked for when setup() names none, in order.
function M.candidates()
  return {
    { path = "irislint", origin = "PATH" },
    { path = checkout .. "/target/release/irislint", origin = "the checkout's release build" },
    { path = checkout .. "/target/debug/irislint", origin = "the checkout's debug build" },
  }
end

--- The binary to run: { path, origin } or nil, and the paths tried.
--- `cmd` is setup()'s command (a list), or nil to look for one.
function M.find(cmd)
  local candidates = cmd and { { path = cmd[1], origin = "setup({ cmd = ... })" } } or M.candidates()
  local tried = {}
  for _, candidate in ipairs(candidates) do
    table.insert(tried, candidate.path)
    if vim.fn.executable(candidate.path) == 1 then
      return { path = vim.fn.exepath(candidate.path), origin = candidate.origin }, tried
    end
  end
  return nil, tried
end

--- Runs `irislint --version`: its first line, or nil and why it failed.
function M.version(path)
  local output = vim.fn.system({ path, "--version" })
  local first = vim.split(vim.trim(output), "\n", { plain = true })[1] or ""
  if vim.v.shell_error ~= 0 then
    return nil, ("exit status %d%s"):format(vim.v.shell_error, first ~= "" and (": " .. first) or "")
  end
  if not first:match("^irislint %d+%.%d+%.%d+") then
    return nil, ("it does not look like irislint (--version said: %s)"):format(first ~= "" and first or "nothing")
  end
  return first
end

--- The message for a binary that was not found, naming every path tried.
function M.missing_message(tried)
  return ("irislint: the language server binary was not found (tried %s); install irislint, build this checkout "):format(
    table.concat(tried, ", ")
  ) .. "(cargo build --release) or pass cmd = { '/path/to/irislint', 'server' } to setup()"
end

return M
