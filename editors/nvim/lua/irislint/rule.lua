-- :IrislintRule CODE — a rule's documentation (what it finds, why, the fix,
-- examples, the source) in a floating window, from `irislint rule CODE`: the
-- same text the command line prints and the rule pages hold, offline.
-- Without an argument, the code of the diagnostic under the cursor.
local M = {}

--- The code of an irislint diagnostic on the cursor's line, if any.
local function code_under_cursor()
  local line = vim.api.nvim_win_get_cursor(0)[1] - 1
  for _, d in ipairs(vim.diagnostic.get(0, { lnum = line })) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    if type(code) == "string" and code:match("^IRIS%d%d%d$") then
      return code
    end
  end
  return nil
end

--- The documentation's lines, or nil and why there are none.
function M.lines(code, config)
  local found, tried = require("irislint.binary").find(config and config.cmd)
  if not found then
    return nil, require("irislint.binary").missing_message(tried)
  end
  local output = vim.fn.system({ found.path, "rule", code })
  if vim.v.shell_error ~= 0 then
    return nil, vim.trim(output)
  end
  return vim.split(output, "\n", { plain = true })
end

--- Opens the documentation of `code` (or of the diagnostic under the cursor).
function M.show(code, config)
  code = (code and code ~= "") and code or code_under_cursor()
  if not code then
    vim.notify("irislint: name a rule (:IrislintRule IRIS401) or put the cursor on an irislint diagnostic", vim.log.levels.WARN)
    return nil
  end
  local lines, err = M.lines(code, config)
  if not lines then
    vim.notify("irislint: " .. err, vim.log.levels.ERROR)
    return nil
  end
  local buf = vim.api.nvim_create_buf(false, true)
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, lines)
  vim.bo[buf].filetype = "markdown"
  vim.bo[buf].modifiable = false
  vim.bo[buf].bufhidden = "wipe"
  local width = math.min(100, vim.o.columns - 4)
  local height = math.min(#lines, math.max(5, vim.o.lines - 6))
  local win = vim.api.nvim_open_win(buf, true, {
    relative = "editor",
    width = width,
    height = height,
    row = math.floor((vim.o.lines - height) / 2),
    col = math.floor((vim.o.columns - width) / 2),
    style = "minimal",
    border = "rounded",
  })
  vim.keymap.set("n", "q", "<cmd>close<cr>", { buffer = buf, silent = true })
  return buf, win
end

function M.register(config)
  vim.api.nvim_create_user_command("IrislintRule", function(args)
    M.show(args.args, config)
  end, { nargs = "?", desc = "Show an irislint rule's documentation" })
end

return M
