-- dossier.nvim: filetype detection and the `dossier lsp` client for
-- *.dossier.yaml, *.dossier.yml and *.dossier.json files. Neovim 0.8+ uses
-- vim.lsp.start; 0.7 falls back to vim.lsp.start_client.
--
--   require("dossier").setup{}            -- defaults
--   require("dossier").setup{ cmd = { "/path/to/dossier", "lsp" },
--                             settings = { today = "2026-11-24", profile = "default-balanced",
--                                          rules = { ["uncited-fact"] = "error" } } }
local M = {}

M.defaults = {
  -- The server command. `dossier` must be on PATH unless you give a path.
  cmd = { "dossier", "lsp" },
  -- Sent once, as initializationOptions.
  settings = {},
  -- Files whose presence marks the workspace root, searched upwards.
  root_markers = { "dossier.toml", ".git" },
  -- Called with (client, bufnr) when the server attaches.
  on_attach = nil,
  capabilities = nil,
}

M.config = vim.deepcopy(M.defaults)
-- One client per workspace root.
M.clients = {}

local PATTERNS = { "*.dossier.yaml", "*.dossier.yml", "*.dossier.json" }

local function find_root(path)
  local dir = vim.fn.fnamemodify(path, ":p:h")
  while true do
    for _, marker in ipairs(M.config.root_markers) do
      local candidate = dir .. "/" .. marker
      if vim.loop.fs_stat(candidate) then
        return dir
      end
    end
    local parent = vim.fn.fnamemodify(dir, ":h")
    if parent == dir then
      return vim.fn.fnamemodify(path, ":p:h")
    end
    dir = parent
  end
end

local function client_config(root)
  return {
    name = "dossier",
    cmd = M.config.cmd,
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
    -- Settings go to the server once, with `initialize`. No `settings`
    -- field: Neovim would send them again in a didChangeConfiguration
    -- (the server reloads, and re-shows any warning, on each one).
    init_options = M.config.settings,
    capabilities = M.config.capabilities or vim.lsp.protocol.make_client_capabilities(),
    on_attach = M.config.on_attach,
  }
end

--- Start (or reuse) the client for this buffer's workspace and attach it.
--- Neovim 0.8+: `vim.lsp.start` (it reuses a client with the same name
--- and root). 0.7: `vim.lsp.start_client`, one client per root kept here.
function M.attach(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local name = vim.api.nvim_buf_get_name(bufnr)
  if name == "" then
    return nil
  end
  local root = find_root(name)
  local id = M.clients[root]
  local running = id ~= nil and vim.lsp.get_client_by_id(id) ~= nil
  if not running and vim.fn.executable(M.config.cmd[1]) ~= 1 then
    vim.notify(
      "dossier: `" .. M.config.cmd[1] .. "` not found. Install it with `cargo install --path crates/cli` "
        .. "or pass cmd = { '/path/to/dossier', 'lsp' } to require('dossier').setup{}",
      vim.log.levels.ERROR
    )
    return nil
  end
  if vim.lsp.start ~= nil then
    id = vim.lsp.start(client_config(root), { bufnr = bufnr })
    M.clients[root] = id
    return id
  end
  if not running then
    id = vim.lsp.start_client(client_config(root))
    if id == nil then
      return nil
    end
    M.clients[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
  return id
end

function M.setup(opts)
  M.config = vim.tbl_deep_extend("force", vim.deepcopy(M.defaults), opts or {})
  local group = vim.api.nvim_create_augroup("dossier", { clear = true })
  -- `yaml.dossier`: YAML highlighting, plus our server.
  vim.api.nvim_create_autocmd({ "BufRead", "BufNewFile" }, {
    group = group,
    pattern = PATTERNS,
    callback = function(args)
      vim.bo[args.buf].filetype = "yaml.dossier"
    end,
  })
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = "yaml.dossier",
    callback = function(args)
      M.attach(args.buf)
    end,
  })
  -- Buffers opened before setup() ran.
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    local name = vim.api.nvim_buf_get_name(buf)
    if name:match("%.dossier%.ya?ml$") or name:match("%.dossier%.json$") then
      vim.bo[buf].filetype = "yaml.dossier"
    end
  end
end

return M
