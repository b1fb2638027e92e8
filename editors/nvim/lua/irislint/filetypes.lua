-- Filetypes for IRIS configuration files, and which buffers the server gets.
-- Detection uses autocommands rather than vim.filetype.add, because 0.7 only
-- reads the latter when filetype.lua is switched on.
local M = {}

-- The filetypes the server attaches to.
M.all = { "iriscpf", "iriscspini", "xml", "objectscript" }
-- The filetypes the cpf tree-sitter grammar highlights.
M.highlighted = { iriscpf = true, iriscspini = true }

local function head(buf, n)
  return vim.api.nvim_buf_get_lines(buf, 0, n, false)
end

local function any_line(buf, n, pattern)
  for _, line in ipairs(head(buf, n)) do
    if line:match(pattern) then
      return true
    end
  end
  return false
end

--- The filetype of a file by its name and, for class files, its text.
function M.detect(buf)
  local path = vim.api.nvim_buf_get_name(buf)
  local name = vim.fn.fnamemodify(path, ":t"):lower()
  if name:match("%.cpf$") then
    return "iriscpf"
  elseif name == "csp.ini" then
    return "iriscspini"
  elseif name:match("%.cls$") and any_line(buf, 200, "^Class%s") then
    -- Vim reads unknown .cls files as Smalltalk or TeX.
    return "objectscript"
  end
  return nil
end

function M.register()
  local group = vim.api.nvim_create_augroup("irislint_filetypes", { clear = true })
  vim.api.nvim_create_autocmd({ "BufNewFile", "BufRead" }, {
    group = group,
    pattern = { "*.cpf", "*.CPF", "*.ini", "*.INI", "*.cls" },
    callback = function(args)
      local ft = M.detect(args.buf)
      -- Set outright: Vim's own *.ini rule says dosini.
      if ft and vim.bo[args.buf].filetype ~= ft then
        vim.bo[args.buf].filetype = ft
      end
    end,
  })
end

--- XML is only ours when it is a package-manager module or an %Installer
--- manifest; every other XML file is left alone.
function M.wanted(buf)
  local ft = vim.bo[buf].filetype
  if ft == "iriscpf" or ft == "iriscspini" then
    return true
  elseif ft == "xml" then
    local name = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(buf), ":t"):lower()
    return name == "module.xml" or any_line(buf, 50, "^%s*<Manifest[%s>]")
  elseif ft == "objectscript" then
    return any_line(buf, 100000, "^XData%s")
  end
  return false
end

return M
