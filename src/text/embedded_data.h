// Data files from data/, compiled into the library (see embed.cmake).
#ifndef KHABAR_TEXT_EMBEDDED_DATA_H_
#define KHABAR_TEXT_EMBEDDED_DATA_H_

#include <string_view>

namespace khabar::text::embedded {

extern const std::string_view kHalfspaceKeep;  // data/halfspace_keep.txt
extern const std::string_view kFunctionWords;  // data/function_words.txt
extern const std::string_view kJoinedForms;    // data/joined_forms.txt
extern const std::string_view kLightVerbs;     // data/light_verbs.txt
extern const std::string_view kCompoundTails;  // data/compound_tails.txt
extern const std::string_view kBoundTails;     // data/bound_tails.txt
extern const std::string_view kSpokenVerbs;    // data/spoken_verbs.txt
extern const std::string_view kSeparatedForms;  // data/separated_forms.txt
extern const std::string_view kZwnjModel;      // data/zwnj_model.tsv

}  // namespace khabar::text::embedded

#endif  // KHABAR_TEXT_EMBEDDED_DATA_H_
