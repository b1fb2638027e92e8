-- :IrislintRule CODE, headless: the rule's documentation opens in a floating
-- window, read from the binary the plugin finds; an unknown code says so.
-- Run by test/run.sh with IRISLINT_BIN set to the binary under test.
local passed, failed = 0, 0

local function check(name, ok, detail)
  if ok then
    passed = passed + 1
  else
    failed = failed + 1
  end
  io.stdout:write((ok and "ok - " or "not ok - ") .. name .. ((not ok and detail) and (": " .. tostring(detail)) or "") .. "\n")
end

local notes = {}
vim.notify = function(msg)
  table.insert(notes, msg)
end
require("irislint").setup({ cmd = { vim.env.IRISLINT_BIN, "server" }, treesitter = false })
check("the command exists", vim.fn.exists(":IrislintRule") == 2)

vim.cmd("IrislintRule IRIS401")
local win = vim.api.nvim_get_current_win()
local config = vim.api.nvim_win_get_config(win)
local text = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), "\n")
check("it opens a floating window", config.relative == "editor", vim.inspect(config))
check("the window shows the rule's title", text:find("# IRIS401 unauthenticated-application", 1, true) ~= nil, text:sub(1, 200))
for _, heading in ipairs({ "## What it finds", "## Why it matters", "## Fix", "## Example", "## Source" }) do
  check("the page has " .. heading, text:find(heading, 1, true) ~= nil)
end
check("it is read as markdown", vim.bo.filetype == "markdown", vim.bo.filetype)
vim.cmd("close")

vim.cmd("IrislintRule IRIS999")
check("an unknown code is said, not shown", #notes == 1 and notes[1]:find("IRIS999", 1, true) ~= nil, vim.inspect(notes))

io.stdout:write(("nvim-rule: %d passed, %d failed\n"):format(passed, failed))
vim.cmd(failed == 0 and "qall!" or "cquit! 1")
