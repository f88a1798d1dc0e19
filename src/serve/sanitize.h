// SanitizeHtml: article HTML → HTML safe to put in our pages, by allow-list.
//
// Kept: p br b strong i em u s sub sup ul ol li blockquote h2 h3 h4 h5 h6 figure
// figcaption img a table thead tbody tr td th code pre. Attributes: a[href]
// (http, https, mailto or a site path), img[src] (http, https or a site path)
// and img[alt]; every other attribute (on*, style, class, ...) is dropped.
// The contents of script, style, iframe, object, embed, noscript, template,
// svg, math, textarea, select and title are dropped whole; comments and
// processing instructions are dropped. Text is re-escaped, open elements are
// closed, stray end tags dropped. O(n) in the input, plus O(depth) per end
// tag; nesting deeper than 64 allowed elements flattens (tags dropped, text
// kept). Links get rel="nofollow noopener" and images loading="lazy".
#ifndef KHABAR_SERVE_SANITIZE_H_
#define KHABAR_SERVE_SANITIZE_H_

#include <string>
#include <string_view>

namespace khabar::serve {

std::string SanitizeHtml(std::string_view html);

}  // namespace khabar::serve

#endif  // KHABAR_SERVE_SANITIZE_H_
