// The API against its OpenAPI document: every documented operation answers
// with a documented status and a body that fits the documented schema, and
// every endpoint the implementation answers is documented.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "serve/fake_data.h"
#include "serve/site.h"

namespace khabar::serve {
namespace {

using nlohmann::json;

json LoadDoc() {
  std::ifstream in(DefaultResourceDir() + "/openapi.json");
  std::stringstream ss;
  ss << in.rdbuf();
  return json::parse(ss.str());
}

// A small JSON Schema check: type (or list of types), required, properties,
// items, enum, minimum/maximum, $ref into components. Appends errors.
void Validate(const json& doc, const json& schema, const json& v, const std::string& at,
              std::vector<std::string>* errors) {
  if (schema.contains("$ref")) {
    std::string ref = schema["$ref"];
    std::string name = ref.substr(ref.rfind('/') + 1);
    Validate(doc, doc["components"]["schemas"][name], v, at, errors);
    return;
  }
  if (schema.contains("type")) {
    std::vector<std::string> types;
    if (schema["type"].is_array()) {
      for (const auto& t : schema["type"]) types.push_back(t);
    } else {
      types.push_back(schema["type"]);
    }
    bool ok = false;
    for (const auto& t : types) {
      ok |= (t == "object" && v.is_object()) || (t == "array" && v.is_array()) ||
            (t == "string" && v.is_string()) || (t == "integer" && v.is_number_integer()) ||
            (t == "number" && v.is_number()) || (t == "boolean" && v.is_boolean()) ||
            (t == "null" && v.is_null());
    }
    if (!ok) {
      errors->push_back(at + ": expected " + schema["type"].dump() + ", got " + v.dump().substr(0, 80));
      return;
    }
  }
  if (schema.contains("enum") && std::find(schema["enum"].begin(), schema["enum"].end(), v) ==
                                     schema["enum"].end()) {
    errors->push_back(at + ": not in enum: " + v.dump());
  }
  if (v.is_object()) {
    if (schema.contains("required")) {
      for (const auto& r : schema["required"]) {
        if (!v.contains(r.get<std::string>())) errors->push_back(at + ": missing " + r.get<std::string>());
      }
    }
    if (schema.contains("properties")) {
      for (const auto& [k, s] : schema["properties"].items()) {
        if (v.contains(k)) Validate(doc, s, v[k], at + "." + k, errors);
      }
    }
  }
  if (v.is_array() && schema.contains("items")) {
    for (size_t i = 0; i < v.size(); ++i) {
      Validate(doc, schema["items"], v[i], at + "[" + std::to_string(i) + "]", errors);
    }
  }
}

class OpenApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto& a = data_.Add(7, "گفت\u200cوگوی نویسندگان", "خبرنگار", "1403-07-11 20:10",
                        "2024-10-02T20:10:00+03:30", 1727887200);
    a.article.body = {"نشست نویسندگان برگزار شد."};
    data_.Add(8, "خبر دوم", "خبرنگار", "1403-07-12 09:00", "2024-10-03T09:00:00+03:30", 1727933400);
    auto s = Site::Create(ServeOptions{}, &data_);
    ASSERT_TRUE(s.ok());
    site_ = std::move(*s);
    doc_ = LoadDoc();
  }

  HttpResponse Call(const std::string& method, const std::string& target, const std::string& body = "",
                    const std::string& ct = "") {
    HttpRequest r;
    r.method = method;
    r.target = target;
    size_t q = target.find('?');
    PercentDecode(target.substr(0, q), &r.path, false);
    if (q != std::string::npos) r.query = target.substr(q + 1);
    r.body = body;
    if (!ct.empty()) r.headers.emplace_back("content-type", ct);
    HttpResponse got = site_->Handle(r);
    return got.prepared ? got.prepared->response : got;
  }

  // Checks status and body against doc_ for `path` (as documented) + method.
  void Check(const std::string& path, const std::string& method, const HttpResponse& r) {
    SCOPED_TRACE(method + " " + path + " -> " + std::to_string(r.status));
    ASSERT_TRUE(doc_["paths"].contains(path));
    const json& op = doc_["paths"][path][method];
    ASSERT_FALSE(op.is_null());
    std::string code = std::to_string(r.status);
    ASSERT_TRUE(op["responses"].contains(code)) << "undocumented status; body: " << r.body;
    const json& content = op["responses"][code]["content"];
    std::string media = r.content_type.substr(0, r.content_type.find(';'));
    ASSERT_TRUE(content.contains(media)) << "undocumented media type " << media;
    json body = json::parse(r.body, nullptr, false);
    ASSERT_FALSE(body.is_discarded()) << r.body;
    std::vector<std::string> errors;
    Validate(doc_, content[media]["schema"], body, "$", &errors);
    EXPECT_TRUE(errors.empty()) << ::testing::PrintToString(errors);
    ++checked_;
  }

  FakeData data_;
  std::unique_ptr<Site> site_;
  json doc_;
  int checked_ = 0;
};

TEST_F(OpenApiTest, EveryOperationMatchesItsDocument) {
  Check("/articles", "get", Call("GET", "/api/v1/articles"));
  Check("/articles", "get", Call("GET", "/api/v1/articles?limit=1"));
  Check("/articles", "get", Call("GET", "/api/v1/articles?limit=1&cursor=c2"));
  Check("/articles", "get", Call("GET", "/api/v1/articles?limit=1000"));
  Check("/articles", "get", Call("GET", "/api/v1/articles?cursor=bogus"));
  Check("/articles/{id}", "get", Call("GET", "/api/v1/articles/7"));
  Check("/articles/{id}", "get", Call("GET", "/api/v1/articles/999"));
  Check("/articles/{id}", "get", Call("GET", "/api/v1/articles/x"));
  Check("/search", "get", Call("GET", "/api/v1/search?q=%D9%86%D9%88%DB%8C%D8%B3%D9%86%D8%AF%DA%AF%D8%A7%D9%86"));
  Check("/search", "get", Call("GET", "/api/v1/search?q=x&sort=time&stem=false&limit=5"));
  Check("/search", "get", Call("GET", "/api/v1/search"));
  Check("/search", "get", Call("GET", "/api/v1/search?q=x&sort=bogus"));
  Check("/search", "get", Call("GET", "/api/v1/search?q=("));
  Check("/sources", "get", Call("GET", "/api/v1/sources"));
  Check("/stats", "get", Call("GET", "/api/v1/stats"));
  Check("/normalize", "post", Call("POST", "/api/v1/normalize", "کتاب ها", "text/plain"));
  Check("/normalize", "post",
        Call("POST", "/api/v1/normalize", R"({"text":"گفتوگو 12"})", "application/json"));
  Check("/normalize", "post", Call("POST", "/api/v1/normalize", R"({"x":1})", "application/json"));
  Check("/extract", "post",
        Call("POST", "/api/v1/extract?url=https%3A%2F%2Fe.test%2Fnews%2F12",
             "<html lang=fa><head><title>آزمون</title></head><body><h1>عنوان خبر آزمایشی</h1>"
             "<p>این بند نخست خبری است که برای آزمون نوشته شده و چند جمله دارد تا متن اصلی شناخته شود.</p>"
             "<p>بند دوم هم کمی توضیح بیشتر درباره همین رویداد ساختگی می\u200cدهد.</p></body></html>",
             "text/html"));
  Check("/extract", "post", Call("POST", "/api/v1/extract", ""));
  Check("/date", "get", Call("GET", "/api/v1/date?q=%DB%B1%DB%B2%20%D9%85%D9%87%D8%B1%20%DB%B1%DB%B4%DB%B0%DB%B3"));
  Check("/date", "get", Call("GET", "/api/v1/date?q=2%20%D8%B3%D8%A7%D8%B9%D8%AA%20%D9%BE%DB%8C%D8%B4&now=2024-10-02T12:00:00%2B03:30"));
  Check("/date", "get", Call("GET", "/api/v1/date"));
  Check("/date", "get", Call("GET", "/api/v1/date?q=%D9%87%DB%8C%DA%86"));
  Check("/openapi.json", "get", Call("GET", "/api/v1/openapi.json"));
  EXPECT_EQ(checked_, 25);
}

TEST_F(OpenApiTest, ErrorsAreProblemDetails) {
  for (const char* t : {"/api/v1/nope", "/api/v1/articles/0", "/api/v1/search?limit=0&q=a"}) {
    auto r = Call("GET", t);
    EXPECT_EQ(r.content_type, "application/problem+json") << t;
    json j = json::parse(r.body);
    EXPECT_EQ(j["status"], r.status) << t;
    EXPECT_TRUE(j.contains("title") && j.contains("type") && j.contains("detail")) << t;
  }
  auto r = Call("POST", "/api/v1/search?q=a");
  EXPECT_EQ(r.status, 405);
}

TEST_F(OpenApiTest, EveryImplementedEndpointIsDocumented) {
  // Answers other than 404 "no such endpoint" must be documented paths.
  for (const char* p : {"/articles", "/articles/{id}", "/search", "/sources", "/stats", "/normalize",
                        "/extract", "/date", "/openapi.json"}) {
    EXPECT_TRUE(doc_["paths"].contains(p)) << p;
  }
  EXPECT_EQ(doc_["paths"].size(), 9u);
  EXPECT_EQ(doc_["openapi"].get<std::string>().substr(0, 2), "3.");
}

}  // namespace
}  // namespace khabar::serve
