-- Headless smoke test: load the plugin as a user would, open the example
-- dossier, and check diagnostics, hover and the insert-questions action.
-- Run by run.sh; exits non-zero (cquit) on the first failure.
local bin = assert(os.getenv("DOSSIER_BIN"), "DOSSIER_BIN")
local example = assert(os.getenv("DOSSIER_EXAMPLE"), "DOSSIER_EXAMPLE")

local function fail(msg)
  io.stderr:write("FAIL: " .. msg .. "\n")
  vim.cmd("cquit 1")
end

local function check(cond, msg)
  if not cond then
    fail(msg)
  end
  io.stdout:write("ok - " .. msg .. "\n")
end

-- Count the server's warnings about the (deliberately unknown) profile
-- setting: settings are sent once, so it is warned about once.
local profile_warnings = 0
local show_message = vim.lsp.handlers["window/showMessage"]
vim.lsp.handlers["window/showMessage"] = function(err, result, ctx, config)
  if result and result.message and result.message:find("unknown profile `no%-such%-profile`") then
    profile_warnings = profile_warnings + 1
    return
  end
  return show_message(err, result, ctx, config)
end

require("dossier").setup({ cmd = { bin, "lsp" }, settings = { today = "2026-11-24", profile = "no-such-profile" } })
io.stdout:write("client started with " .. (vim.lsp.start and "vim.lsp.start" or "vim.lsp.start_client (0.7)") .. "\n")
vim.cmd("edit " .. vim.fn.fnameescape(example))
local buf = vim.api.nvim_get_current_buf()
check(vim.bo[buf].filetype == "yaml.dossier", "filetype yaml.dossier is detected")

local attached = vim.wait(10000, function()
  return #vim.lsp.buf_get_clients(buf) > 0 and vim.lsp.buf_get_clients(buf)[1].initialized
end, 50)
check(attached, "dossier lsp attached and initialized")

local function diags(code)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if code == nil or d.code == code then
      table.insert(out, d)
    end
  end
  return out
end

check(vim.wait(15000, function() return #diags() > 0 end, 50), "diagnostics arrive")
local uncited = diags("uncited-fact")
check(#uncited > 0, "an uncited-fact warning is shown (" .. #uncited .. ")")
check(uncited[1].severity == vim.diagnostic.severity.WARN, "uncited-fact is a warning")
check(uncited[1].source == "dossier", "diagnostic source is dossier")

-- Hover on the first fact key of the first uncited fact.
local d = uncited[1]
local params = {
  textDocument = { uri = vim.uri_from_bufnr(buf) },
  position = { line = d.lnum, character = d.col + 1 },
}
local res = vim.lsp.buf_request_sync(buf, "textDocument/hover", params, 10000)
local text = ""
for _, r in pairs(res or {}) do
  if r.result and r.result.contents then
    local c = r.result.contents
    text = text .. (type(c) == "string" and c or (c.value or vim.inspect(c)))
  end
end
check(text:find("Dimension") or text:find("dimension"), "hover on a fact key explains its dimension")
check(text:find("OWASP") ~= nil, "hover names the OWASP LLM Top 10 risks")

-- The insert-all-missing-questions code action.
local missing = diags("missing-question")
check(#missing > 0, "missing-question diagnostics are shown (" .. #missing .. ")")
local m = missing[1]
local ca_params = {
  textDocument = { uri = vim.uri_from_bufnr(buf) },
  range = { start = { line = m.lnum, character = m.col }, ["end"] = { line = m.end_lnum, character = m.end_col } },
  context = { diagnostics = {} },
}
local actions = vim.lsp.buf_request_sync(buf, "textDocument/codeAction", ca_params, 10000)
local chosen
for _, r in pairs(actions or {}) do
  for _, a in ipairs(r.result or {}) do
    if a.title and a.title:lower():find("^insert all %d+ missing questions") then
      chosen = a
    end
  end
end
check(chosen ~= nil, "an 'insert all missing questions' action is offered")
if chosen.edit == nil and chosen.data ~= nil then
  local resolved = vim.lsp.buf_request_sync(buf, "codeAction/resolve", chosen, 10000)
  for _, r in pairs(resolved or {}) do
    chosen = r.result or chosen
  end
end
check(chosen.edit ~= nil, "the action carries a workspace edit")
vim.lsp.util.apply_workspace_edit(chosen.edit, "utf-16")
local lines = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), "\n")
check(lines:find("id: T%-") ~= nil, "a triggered question template (T-...) was inserted")
check(vim.wait(15000, function() return #diags("missing-question") == 0 end, 50), "missing-question diagnostics are gone after the edit")

check(profile_warnings == 1, "the unknown profile setting is warned about once (" .. profile_warnings .. ")")

vim.cmd("qall!")
