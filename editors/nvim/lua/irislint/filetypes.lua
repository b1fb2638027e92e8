-- Filetypes for IRIS configuration files, and which buffers the server gets.
-- Detection uses autocommands rather than vim.filetype.add, because 0.7 only
-- reads the latter when filetype.lua is switched on.
local M = {}

-- The filetypes the server attaches to. Setup code keeps its own filetype
-- (dockerfile, yaml, sh): the plugin only attaches the server to it.
M.all = { "iriscpf", "iriscspini", "xml", "objectscript", "dockerfile", "yaml", "sh", "bash" }
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
  elseif name:match("%.script$") or name:match("%.mac$") then
    -- Scripts fed to `iris session` and routines: Vim has no filetype for them.
    return "objectscript"
  end
  return nil
end

function M.register()
  local group = vim.api.nvim_create_augroup("irislint_filetypes", { clear = true })
  vim.api.nvim_create_autocmd({ "BufNewFile", "BufRead" }, {
    group = group,
    pattern = { "*.cpf", "*.CPF", "*.ini", "*.INI", "*.cls", "*.script", "*.mac" },
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
    local name = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(buf), ":t"):lower()
    if not name:match("%.cls$") then
      return true
    end
    -- A class goes to the server when it holds a manifest or setup code.
    return any_line(buf, 100000, "^XData%s") or any_line(buf, 100000, "Security%.") or any_line(buf, 100000, "Config%.")
  elseif ft == "dockerfile" then
    return true
  elseif ft == "yaml" then
    local name = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(buf), ":t"):lower()
    return name:match("^docker%-compose") ~= nil or name:match("^compose") ~= nil
  elseif ft == "sh" or ft == "bash" then
    -- Shell scripts (and .env files, which Vim reads as sh) that mention IRIS.
    local name = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(buf), ":t"):lower()
    return name == ".env" or name:match("%.env$") ~= nil or any_line(buf, 100000, "iris")
  end
  return false
end

return M
