// Fuzz Site::Handle (routing, pages, feeds, API, static files) with arbitrary
// request targets, methods and bodies over a small in-memory store. The first
// byte picks the method, the rest up to a NUL is the target, after it the body.
// Checks that nothing outside src/serve/static is ever served.
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include "serve/fake_data.h"
#include "serve/site.h"

using namespace khabar::serve;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static FakeData* store = [] {
    auto* d = new FakeData;
    d->Add(1, "عنوان", "منبع", "1403-07-10 09:15", "2024-10-01T09:15:00+03:30", 1727761500);
    return d;
  }();
  static std::unique_ptr<Site> site = [] {
    auto s = Site::Create(khabar::ServeOptions{}, store);
    if (!s.ok()) std::abort();
    return std::move(*s);
  }();
  if (size == 0) return 0;
  static const char* kMethods[] = {"GET", "POST", "HEAD", "PUT"};
  HttpRequest r;
  r.method = kMethods[data[0] % 4];
  std::string rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  size_t nul = rest.find('\0');
  r.target = "/" + rest.substr(0, nul);
  if (nul != std::string::npos) r.body = rest.substr(nul + 1);
  size_t q = r.target.find('?');
  if (!PercentDecode(r.target.substr(0, q), &r.path, false)) return 0;
  if (q != std::string::npos) r.query = r.target.substr(q + 1);
  HttpResponse got = site->Handle(r);
  const HttpResponse& resp = got.prepared ? got.prepared->response : got;
  if (resp.status < 100 || resp.status > 599) std::abort();
  if (resp.status == 200 && r.path.starts_with("/static/") && r.path.find("..") != std::string::npos)
    std::abort();
  return 0;
}
