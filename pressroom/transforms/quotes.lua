-- pandoc's quotations as spans, so that the build sets the marks of each one's language
-- at its nesting level (transforms/typography.py) rather than English ones.
function Quoted(quoted)
  local kind = quoted.quotetype == 'SingleQuote' and 'q-single' or 'q-double'
  return pandoc.Span(quoted.content, {class = kind})
end
