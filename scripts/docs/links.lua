-- scripts/docs/links.lua: a pandoc filter for `make docs` (mk/docs.mk).
-- In the rendered pages, a source file named in inline code (`handshake/hello.c`)
-- becomes a link to its annotated HTML page, and a link to another page of
-- docs/ (`docs/teaching.md`, `teaching.md`) points at its HTML instead.
local function exists(path)
  local f = io.open(path, "r")
  if f then f:close() return true end
  return false
end

local source_dirs = { handshake = true, record = true, crypto = true, x509 = true, bytes = true }

function Code(el)
  local dir = el.text:match("^([%w_]+)/[%w_]+%.[ch]$")
  if dir and source_dirs[dir] and exists(el.text) then
    return pandoc.Link({ el }, "src/" .. el.text .. ".html")
  end
  local page = el.text:match("^docs/([%w%-_]+)%.md$")
  if page and exists(el.text) then
    return pandoc.Link({ el }, page .. ".html")
  end
  local ex = el.text:match("^(exercises/[%w%-_]+/?README%.md)$") or el.text:match("^(exercises/README%.md)$")
  if ex and exists(ex) then
    return pandoc.Link({ el }, (ex:gsub("%.md$", ".html")))
  end
end

function Link(el)
  el.target = el.target:gsub("^docs/", ""):gsub("%.md$", ".html")
  return el
end
