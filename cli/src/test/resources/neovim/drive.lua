-- Drives `aec lsp` from Neovim's own language client, as an editor user would meet it: open a model,
-- wait for the diagnostics, hover over a layer, ask for completion and formatting, then write what
-- the client received as JSON and quit. Written for Neovim 0.7 (Debian 12's), whose client API
-- (start_client, buf_attach_client) later versions keep.
-- Environment: AEC_LSP_CMD (the server's command, one word per line), AEC_MODEL (the file to
-- open), AEC_OUT (where to write the JSON), AEC_HOVER_LINE / AEC_HOVER_CHAR (0-based).
local out = {}
local function finish()
  vim.fn.writefile({ vim.fn.json_encode(out) }, os.getenv('AEC_OUT'))
  vim.cmd('qall!')
end

local ok, err = pcall(function()
  local cmd = vim.split(os.getenv('AEC_LSP_CMD'), '\n', { trimempty = true })
  vim.cmd('edit ' .. vim.fn.fnameescape(os.getenv('AEC_MODEL')))
  local client_id = vim.lsp.start_client({
    name = 'aec',
    cmd = cmd,
    root_dir = vim.fn.fnamemodify(os.getenv('AEC_MODEL'), ':h'),
  })
  out.started = client_id ~= nil
  vim.lsp.buf_attach_client(0, client_id)

  out.diagnostics_arrived = vim.wait(30000, function() return #vim.diagnostic.get(0) > 0 end, 50)
  out.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(0)) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    table.insert(out.diagnostics, { line = d.lnum, col = d.col, severity = d.severity, message = d.message,
      code = code, source = d.source })
  end

  local position = { line = tonumber(os.getenv('AEC_HOVER_LINE')), character = tonumber(os.getenv('AEC_HOVER_CHAR')) }
  local params = { textDocument = vim.lsp.util.make_text_document_params(), position = position }
  local hover = vim.lsp.buf_request_sync(0, 'textDocument/hover', params, 20000) or {}
  for _, response in pairs(hover) do
    if response.result and response.result.contents then
      local contents = response.result.contents
      out.hover = type(contents) == 'table' and (contents.value or vim.inspect(contents)) or contents
    end
    if response.err then out.hover_error = response.err.message end
  end

  local client = vim.lsp.get_client_by_id(client_id)
  out.capabilities = {
    hover = client.server_capabilities.hoverProvider and true or false,
    completion = client.server_capabilities.completionProvider ~= nil,
    definition = client.server_capabilities.definitionProvider and true or false,
    formatting = client.server_capabilities.documentFormattingProvider and true or false,
  }
  client.stop()
  vim.wait(5000, function() return client.is_stopped() end, 50)
end)
if not ok then out.error = tostring(err) end
finish()
