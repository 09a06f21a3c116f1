// Status: the outcome of an operation that can fail.
//
// Errors are values: a function that can fail returns a Status (or fills an out-parameter and
// returns Status), so the caller sees from the signature that it must check. A default-built
// Status is OK. Status is cheap to copy when OK (no allocation).
#ifndef STORYLINE_STATUS_H_
#define STORYLINE_STATUS_H_

#include <string>
#include <string_view>
#include <utility>

namespace storyline {

class Status {
 public:
  enum class Code { kOk = 0, kInvalidArgument, kNotFound, kIoError, kCorruption, kUnsupported };

  Status() = default;

  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string_view msg) { return {Code::kInvalidArgument, msg}; }
  static Status NotFound(std::string_view msg) { return {Code::kNotFound, msg}; }
  static Status IoError(std::string_view msg) { return {Code::kIoError, msg}; }
  static Status Corruption(std::string_view msg) { return {Code::kCorruption, msg}; }
  static Status Unsupported(std::string_view msg) { return {Code::kUnsupported, msg}; }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }

  // "OK", or "<kind>: <message>".
  std::string ToString() const;

 private:
  Status(Code code, std::string_view msg) : code_(code), message_(msg) {}

  Code code_ = Code::kOk;
  std::string message_;
};

}  // namespace storyline

// Returns the Status of `expr` from the enclosing function when it is not OK.
#define STORYLINE_RETURN_IF_ERROR(expr)               \
  do {                                                \
    ::storyline::Status _status = (expr);             \
    if (!_status.ok()) return _status;                \
  } while (0)

#endif  // STORYLINE_STATUS_H_
