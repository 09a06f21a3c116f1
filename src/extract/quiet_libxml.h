// Silences libxml2 for the lifetime of a scope. libxml2 reports charset conversion errors
// through the thread's generic error handler even with HTML_PARSE_NOERROR; parsers of
// untrusted pages install this around a parse and the caller's handler comes back after.
#ifndef STORYLINE_EXTRACT_QUIET_LIBXML_H_
#define STORYLINE_EXTRACT_QUIET_LIBXML_H_

#include <libxml/xmlerror.h>

namespace storyline::extract_internal {

class ScopedQuietLibxml {
 public:
  ScopedQuietLibxml() : saved_(xmlGenericError), saved_context_(xmlGenericErrorContext) {
    xmlSetGenericErrorFunc(nullptr, &Ignore);
  }
  ~ScopedQuietLibxml() { xmlSetGenericErrorFunc(saved_context_, saved_); }
  ScopedQuietLibxml(const ScopedQuietLibxml&) = delete;
  ScopedQuietLibxml& operator=(const ScopedQuietLibxml&) = delete;

 private:
  static void Ignore(void*, const char*, ...) {}

  xmlGenericErrorFunc saved_;
  void* saved_context_;
};

}  // namespace storyline::extract_internal

#endif  // STORYLINE_EXTRACT_QUIET_LIBXML_H_
