-- Which files the plugin claims: real files in a scratch folder, opened the
-- way a user opens them, with Vim's own filetype detection switched on (it
-- says dosini for *.ini and Smalltalk or TeX for *.cls). No server is needed:
-- `cmd` names a binary that does not exist, and its warning is checked too.
-- Run by test/run.sh, which sets IRISLINT_WORK to an empty scratch folder.
local work = vim.env.IRISLINT_WORK
local passed, failed = 0, 0

local function check(name, ok, detail)
  if ok then
    passed = passed + 1
  else
    failed = failed + 1
  end
  io.stdout:write((ok and "ok - " or "not ok - ") .. name .. ((not ok and detail) and (": " .. tostring(detail)) or "") .. "\n")
end

local function write(name, lines)
  local f = assert(io.open(work .. "/" .. name, "w"))
  f:write(table.concat(lines, "\n") .. "\n")
  f:close()
  return work .. "/" .. name
end

local files = {
  { "merge.cpf", { "[Startup]", "WebServer=1" }, "iriscpf", true },
  { "CSP.ini", { "[SYSTEM]", "System_Manager=*.*.*.*" }, "iriscspini", true },
  { "csp.ini", { "[SYSTEM]" }, "iriscspini", true },
  { "other.ini", { "[section]", "a=1" }, "dosini", false },
  { "module.xml", { "<?xml version=\"1.0\"?>", "<Export><Document name=\"a.ZPM\"><Module/></Document></Export>" }, "xml", true },
  { "install.xml", { "<?xml version=\"1.0\"?>", "<Manifest>", "</Manifest>" }, "xml", true },
  { "pom.xml", { "<?xml version=\"1.0\"?>", "<project/>" }, "xml", false },
  { "Installer.cls", { "Class App.Installer", "{", "XData Setup [ XMLNamespace = INSTALLER ]", "{", "<Manifest/>", "}", "}" }, "objectscript", true },
  { "Plain.cls", { "Class App.Plain", "{", "}" }, "objectscript", false },
  { "article.cls", { "\\NeedsTeXFormat{LaTeX2e}", "\\ProvidesClass{article}" }, nil, false },
  { "Setup.cls", { "Class App.Setup", "{", "ClassMethod S()", "{", " do ##class(Security.Users).UnExpireUserPasswords(\"*\")", "}", "}" }, "objectscript", true },
  { "iris.script", { " zn \"%SYS\"", " zpm \"install passwordless\"" }, "objectscript", true },
  { "Dockerfile", { "FROM intersystemsdc/iris-community", "ENV IRISPASSWORD \"SYS\"" }, "dockerfile", true },
  { "docker-compose.yml", { "services:", "  iris:", "    ports:", "      - 1972" }, "yaml", true },
  { "ci.yml", { "jobs:", "  a: {}" }, "yaml", false },
  { "init.sh", { "#!/bin/bash", "iris session IRIS < iris.script" }, "sh", true },
  { "build.sh", { "#!/bin/bash", "make all" }, "sh", false },
}

vim.cmd("filetype on")
local missing = work .. "/no-such-irislint"
local notes = {}
vim.notify = function(msg)
  table.insert(notes, msg)
end
require("irislint").setup({ cmd = { missing, "server" }, treesitter = false })

for _, case in ipairs(files) do
  local name, lines, want_ft, want_server = case[1], case[2], case[3], case[4]
  vim.cmd("edit " .. vim.fn.fnameescape(write(name, lines)))
  local buf = vim.api.nvim_get_current_buf()
  local ft = vim.bo[buf].filetype
  if want_ft then
    check(name .. " has filetype " .. want_ft, ft == want_ft, ft)
  else
    check(name .. " is not taken for an IRIS file", ft ~= "objectscript" and ft ~= "iriscpf", ft)
  end
  local wanted = require("irislint.filetypes").wanted(buf)
  check(name .. (want_server and " goes" or " does not go") .. " to the server", wanted == want_server)
end

-- Buffers wanted the server; the missing binary is said once, by name.
check("a missing binary is reported once, naming it", #notes == 1 and notes[1]:find(missing, 1, true) ~= nil, vim.inspect(notes))

io.stdout:write(("nvim-filetypes: %d passed, %d failed\n"):format(passed, failed))
vim.cmd(failed == 0 and "qall!" or "cquit! 1")
