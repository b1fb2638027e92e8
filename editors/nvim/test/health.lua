-- :checkhealth irislint, headless, on what a user can get wrong: no binary
-- configured (the checkout's build is found), one on PATH (found first), one
-- that does not run, and a `cmd` naming nothing. The report is read from the
-- buffer :checkhealth writes. No irislint is on PATH but the ones put there.
-- Run by test/run.sh, which sets IRISLINT_WORK to an empty scratch folder.
local work = vim.env.IRISLINT_WORK
local here = vim.fn.fnamemodify(debug.getinfo(1, "S").source:sub(2), ":p:h")
local root = vim.fn.fnamemodify(here, ":h:h:h")
local passed, failed = 0, 0

local function check(name, ok, detail)
  if ok then
    passed = passed + 1
  else
    failed = failed + 1
  end
  io.stdout:write((ok and "ok - " or "not ok - ") .. name .. ((not ok and detail) and (": " .. tostring(detail)) or "") .. "\n")
end

--- PATH without the folders holding an executable irislint.
local function without_irislint(path)
  local kept = {}
  for _, dir in ipairs(vim.split(path, ":", { plain = true })) do
    if dir ~= "" and vim.fn.executable(dir .. "/irislint") ~= 1 then
      table.insert(kept, dir)
    end
  end
  return table.concat(kept, ":")
end

--- A folder holding an `irislint` script with this body.
local function fake_irislint(name, body)
  local dir = work .. "/" .. name
  vim.fn.mkdir(dir, "p")
  local f = assert(io.open(dir .. "/irislint", "w"))
  f:write("#!/bin/sh\n" .. body .. "\n")
  f:close()
  vim.fn.setfperm(dir .. "/irislint", "rwxr-xr-x")
  return dir
end

--- The report of :checkhealth irislint, as the lines of its buffer.
local function health()
  vim.cmd("silent checkhealth irislint")
  local lines = vim.api.nvim_buf_get_lines(0, 0, -1, false)
  vim.cmd("bwipeout!")
  return lines
end

--- The report's line holding `needle` (plain text), or nil.
local function line_with(lines, needle)
  for _, line in ipairs(lines) do
    if line:find(needle, 1, true) then
      return line
    end
  end
  return nil
end

local function is(line, level)
  return line ~= nil and line:find(level, 1, true) ~= nil
end

local clean_path = without_irislint(vim.env.PATH)
vim.env.PATH = clean_path
check("no irislint on the test's PATH", vim.fn.executable("irislint") == 0, vim.fn.exepath("irislint"))

-- 1. Nothing configured, nothing on PATH: the checkout's build, release first.
local release, debug_build = root .. "/target/release/irislint", root .. "/target/debug/irislint"
local want = vim.fn.executable(release) == 1 and release or debug_build
local origin = want == release and "the checkout's release build" or "the checkout's debug build"
require("irislint").setup({ treesitter = false })
local report = health()
local binary_line = line_with(report, ("binary: %s (from %s)"):format(want, origin))
check("health names the checkout's binary and where it came from", is(binary_line, "OK"), table.concat(report, "\n"))
local version = vim.split(vim.trim(vim.fn.system({ want, "--version" })), "\n")[1]
check("health gives the binary's version, with the rule catalogue", is(line_with(report, "version: " .. version), "OK") and version:find("rule catalogue", 1, true) ~= nil, table.concat(report, "\n"))
local cmd = require("irislint.lsp").command(require("irislint").config)
check("the server is started from the checkout's binary", cmd and cmd[1] == want and cmd[2] == "server", vim.inspect(cmd))

-- 2. An irislint on PATH comes before the checkout's.
local on_path = fake_irislint("path-bin", 'echo "irislint 9.9.9 (rule catalogue 00000000, 1 rules)"')
vim.env.PATH = on_path .. ":" .. clean_path
report = health()
check("an irislint on PATH is found first", is(line_with(report, ("binary: %s/irislint (from PATH)"):format(on_path)), "OK"), table.concat(report, "\n"))
check("and its own version is reported", is(line_with(report, "version: irislint 9.9.9"), "OK"), table.concat(report, "\n"))

-- 3. A binary that does not run: why, in the binary's own words.
local broken = fake_irislint("broken-bin", "echo 'error while loading shared libraries: libfoo.so' >&2\nexit 127")
vim.env.PATH = broken .. ":" .. clean_path
report = health()
local failure = line_with(report, broken .. "/irislint --version failed (exit status 127: error while loading shared libraries: libfoo.so)")
check("a binary that does not run is an error saying why", is(failure, "ERROR") and failure:find("would not start", 1, true) ~= nil, table.concat(report, "\n"))
vim.env.PATH = clean_path

-- 4. A cmd naming nothing: the path tried, as an error.
local missing = work .. "/no-such-dir/irislint"
require("irislint").setup({ cmd = { missing, "server" }, treesitter = false })
report = health()
check("a cmd naming no binary is an error naming the path", is(line_with(report, "no irislint binary: tried " .. missing), "ERROR"), table.concat(report, "\n"))

io.stdout:write(("nvim-health: %d passed, %d failed\n"):format(passed, failed))
vim.cmd(failed == 0 and "qall!" or "cquit! 1")
