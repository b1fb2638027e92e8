-- A real-client test: headless Neovim, the irislint plugin, the real server.
-- Opens an insecure merge.cpf, reads the diagnostics Neovim received, applies
-- the IRIS401 and IRIS501 quick fixes through Neovim's code-action machinery,
-- saves, and checks the file on disk. Run by test/run.sh, which sets:
--   IRISLINT_BIN     the irislint binary
--   IRISLINT_FILE    a scratch copy of examples/docker/merge.cpf
--   IRISLINT_CACHE   where the plugin may compile the tree-sitter parser
local bin, file, cache = vim.env.IRISLINT_BIN, vim.env.IRISLINT_FILE, vim.env.IRISLINT_CACHE
local passed, failed = 0, 0

local function out(line)
  io.stdout:write(line .. "\n")
  io.stdout:flush()
end

local function check(name, ok, detail)
  if ok then
    passed = passed + 1
    out("ok - " .. name)
  else
    failed = failed + 1
    out("not ok - " .. name .. (detail and (": " .. tostring(detail)) or ""))
  end
  return ok
end

-- 0.10 renamed the client list functions and 0.11 made client methods use
-- `:`; the test runs on Debian's 0.7 and on current releases.
local get_clients = vim.lsp.get_clients or vim.lsp.get_active_clients
local modern = vim.fn.has("nvim-0.11") == 1
local function request_sync(client, ...)
  if modern then
    return client:request_sync(...)
  end
  return client.request_sync(...)
end

local function finish()
  for _, client in pairs(get_clients()) do
    if modern then
      client:stop(true)
    else
      client.stop(true)
    end
  end
  out(("nvim: %d passed, %d failed"):format(passed, failed))
  vim.cmd(failed == 0 and "qall!" or "cquit! 1")
end

-- A test step that throws must not hang the run: it counts as a failure.
local function step(name, fn)
  local ok, err = pcall(fn)
  if not ok then
    check(name, false, err)
  end
end

local function read_file(path)
  local f = assert(io.open(path, "rb"))
  local text = f:read("*a")
  f:close()
  return vim.split(text, "\n", { plain = true })
end

local function code_of(d)
  return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
end

local function find_diagnostic(buf, code)
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if code_of(d) == code then
      return d
    end
  end
  return nil
end

local function client_for(buf)
  for _, client in pairs(get_clients({ bufnr = buf })) do
    if client.name == "irislint" then
      return client
    end
  end
  return nil
end

--- Applies the code action titled `title` at diagnostic `d`, as a user would:
--- vim.lsp.buf.code_action with a filter where Neovim has it (0.8+), else
--- (0.7) the same request through the client and Neovim's workspace-edit
--- application. Returns the action that was applied.
--- A diagnostic back in protocol form, as Neovim's own code_action sends it.
local function to_lsp(d)
  local lsp = vim.deepcopy(d.user_data and d.user_data.lsp or {})
  lsp.range = {
    start = { line = d.lnum, character = d.col },
    ["end"] = { line = d.end_lnum or d.lnum, character = d.end_col or d.col },
  }
  lsp.severity, lsp.message, lsp.source, lsp.code = d.severity, d.message, d.source, code_of(d)
  return lsp
end

local function apply_fix(buf, client, d, title)
  local lsp_diag = to_lsp(d)
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    range = lsp_diag.range,
    context = { diagnostics = { lsp_diag }, only = { "quickfix" } },
  }
  local response = request_sync(client, "textDocument/codeAction", params, 10000, buf)
  assert(response and not response.err, "codeAction failed: " .. vim.inspect(response and response.err))
  local chosen
  -- The server may add a note after the fix's own title, as "(unsafe: …)".
  local function wanted(action)
    return vim.startswith(action.title, title)
  end
  for _, action in ipairs(response.result or {}) do
    if wanted(action) then
      chosen = action
    end
  end
  assert(chosen, "no action titled " .. title .. " in " .. vim.inspect(response.result))
  local tick = vim.api.nvim_buf_get_changedtick(buf)
  if vim.fn.has("nvim-0.8") == 1 then
    vim.api.nvim_win_set_cursor(0, { d.lnum + 1, d.col })
    vim.lsp.buf.code_action({
      context = { diagnostics = { lsp_diag }, only = { "quickfix" } },
      filter = wanted,
      apply = true,
    })
  else
    if chosen.edit then
      vim.lsp.util.apply_workspace_edit(chosen.edit, client.offset_encoding)
    end
    if chosen.command then
      request_sync(client, "workspace/executeCommand", chosen.command, 10000, buf)
    end
  end
  assert(
    vim.wait(10000, function()
      return vim.api.nvim_buf_get_changedtick(buf) ~= tick
    end, 50),
    "the buffer did not change"
  )
  return chosen
end

local original = read_file(file)
local function line_index(needle)
  for i, line in ipairs(original) do
    if line:find(needle, 1, true) then
      return i
    end
  end
  error("no line with " .. needle)
end
local app_line, web_line = line_index("CreateApplication:"), line_index("WebServer=1")

require("irislint").setup({
  cmd = { bin, "server" },
  -- Not the default, so that the test sees the profile reach the server.
  profile = "development",
  parser_dir = cache,
  grammar_dir = vim.env.IRISLINT_GRAMMAR_DIR, -- nil: the checkout's grammar
})
vim.cmd("edit " .. vim.fn.fnameescape(file))
local buf = vim.api.nvim_get_current_buf()

step("the file is an IRIS CPF file", function()
  check("the file is an IRIS CPF file", vim.bo[buf].filetype == "iriscpf", vim.bo[buf].filetype)
end)

step("tree-sitter highlighting", function()
  local ts = vim.treesitter
  local active = ts.highlighter.active[buf] ~= nil
  check("tree-sitter highlighting is on for the buffer", active)
  local tree = ts.get_parser(buf, "cpf"):parse()[1]
  check("the cpf grammar parses merge.cpf without errors", not tree:root():has_error())
  local query = (ts.query.get or ts.query.get_query)("cpf", "highlights")
  local seen = {}
  for id, node in query:iter_captures(tree:root(), buf, 0, -1) do
    seen[query.captures[id] .. "=" .. ts.get_node_text(node, buf)] = true
  end
  check("[Startup] is highlighted as a type, WebServer as a property", seen["type=Startup"] and seen["property=WebServer"])
  check("CreateApplication is highlighted as a function", seen["function=CreateApplication"])
end)

local client
step("the server attaches", function()
  vim.wait(15000, function()
    client = client_for(buf)
    return client ~= nil and client.initialized ~= false
  end, 50)
  check("irislint attached to the buffer", client ~= nil)
  check("the server's root is the folder of the file", client and client.config.root_dir == vim.fn.fnamemodify(file, ":h"))
end)

step("diagnostics", function()
  local got = vim.wait(15000, function()
    return find_diagnostic(buf, "IRIS401") ~= nil and find_diagnostic(buf, "IRIS501") ~= nil
  end, 50)
  check("Neovim received IRIS401 and IRIS501", got, vim.inspect(vim.diagnostic.get(buf)))
  local d401, d501 = find_diagnostic(buf, "IRIS401"), find_diagnostic(buf, "IRIS501")
  check("IRIS401 is an error on the CreateApplication line, from irislint",
    d401 and d401.lnum + 1 == app_line and d401.severity == vim.diagnostic.severity.ERROR and d401.source == "irislint",
    d401 and vim.inspect(d401))
  check("IRIS501 is on the WebServer line", d501 and d501.lnum + 1 == web_line, d501 and vim.inspect(d501))
  -- IRIS501 is a warning under the default production profile, info under development.
  check("the profile given to setup() reaches the server (IRIS501 is info)",
    d501 and d501.severity == vim.diagnostic.severity.INFO, d501 and d501.severity)
end)

step("quick fix IRIS401", function()
  local action = apply_fix(buf, client, find_diagnostic(buf, "IRIS401"), "require password authentication (AutheEnabled=32)")
  check("the IRIS401 fix is offered as a quickfix, not preferred (it is unsafe)", action.kind == "quickfix" and not action.isPreferred)
end)

step("quick fix IRIS501", function()
  -- Positions from the diagnostics published after the first edit.
  vim.wait(10000, function()
    return find_diagnostic(buf, "IRIS401") == nil
  end, 50)
  check("IRIS401 is gone once fixed", find_diagnostic(buf, "IRIS401") == nil)
  local action = apply_fix(buf, client, find_diagnostic(buf, "IRIS501"), "turn the private web server off (WebServer=0)")
  check("the IRIS501 fix is the preferred quickfix (it is safe)", action.kind == "quickfix" and action.isPreferred == true)
end)

step("the file on disk", function()
  vim.cmd("silent write")
  local lines = read_file(file)
  local want = vim.deepcopy(original)
  want[app_line] = original[app_line]:gsub("AutheEnabled=96", "AutheEnabled=32")
  want[web_line] = "WebServer=0"
  check("line " .. app_line .. " now requires password authentication", lines[app_line] == want[app_line], lines[app_line])
  check("line " .. web_line .. " turns the web server off", lines[web_line] == "WebServer=0", lines[web_line])
  check("no other line changed", vim.deep_equal(lines, want), vim.inspect(lines))
end)

finish()
