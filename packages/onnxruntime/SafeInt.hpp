// SafeInt.hpp: checked integer arithmetic, the subset of the SafeInt interface (SafeInt<T, E>)
// that onnxruntime 1.21 uses; written for uni because Debian's safeint source cannot be fetched
// here. Every operation is done on the exact mathematical values (gcc's overflow builtins, or
// __int128 for the 64-bit operands of / and %), and a result that does not fit T calls
// E::SafeIntOnOverflow(); a division by zero calls E::SafeIntOnDivZero(). Both must not return.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <limits>
#include <type_traits>

#ifndef SafeIntDefaultExceptionHandler
#include <stdexcept>
// Without a handler of the user's (onnxruntime defines its own), standard exceptions.
struct SafeIntStdExceptionHandler {
  static void SafeIntOnOverflow() { throw std::overflow_error("SafeInt: integer overflow"); }
  static void SafeIntOnDivZero() { throw std::domain_error("SafeInt: divide by zero"); }
};
#define SafeIntDefaultExceptionHandler SafeIntStdExceptionHandler
#endif

template <typename T, typename E = SafeIntDefaultExceptionHandler>
class SafeInt;

namespace safeint_detail {

template <typename T>
struct is_safeint : std::false_type {};
template <typename T, typename E>
struct is_safeint<SafeInt<T, E>> : std::true_type {};

// The plain types SafeInt operates with: integers (not bool) and floating point.
template <typename U>
using plain = std::integral_constant<bool, std::is_arithmetic<U>::value && !std::is_same<U, bool>::value>;
template <typename U>
using if_plain = typename std::enable_if<plain<U>::value, int>::type;

template <typename E>
[[noreturn]] constexpr void overflow() {
  E::SafeIntOnOverflow();
  __builtin_unreachable();
}

// convert<T, E>(u): u as a T, exactly, or overflow.
template <typename T, typename E, typename U>
constexpr T convert(U u) {
  if constexpr (std::is_same<U, bool>::value) {
    return static_cast<T>(u ? 1 : 0);
  } else if constexpr (std::is_floating_point<U>::value) {
    if constexpr (std::is_floating_point<T>::value) {
      return static_cast<T>(u);
    } else {
      // Truncation toward zero, as a cast does; NaN and values out of T's range overflow.
      long double w = static_cast<long double>(u);
      if (!(w > static_cast<long double>(std::numeric_limits<T>::min()) - 1.0L &&
            w < static_cast<long double>(std::numeric_limits<T>::max()) + 1.0L))
        overflow<E>();
      return static_cast<T>(u);
    }
  } else if constexpr (std::is_floating_point<T>::value) {
    return static_cast<T>(u);
  } else {
    T r = 0;
    if (__builtin_add_overflow(u, 0, &r)) overflow<E>();
    return r;
  }
}

// wide(v): an integer as __int128, exact for every integer type of 64 bits or less.
template <typename U>
constexpr __int128 wide(U v) { return static_cast<__int128>(v); }

template <typename T, typename E, typename U>
constexpr T add(T a, U b) {
  if constexpr (std::is_floating_point<U>::value || std::is_floating_point<T>::value) {
    return convert<T, E>(static_cast<long double>(a) + static_cast<long double>(b));
  } else {
    T r = 0;
    if (__builtin_add_overflow(a, b, &r)) overflow<E>();
    return r;
  }
}

template <typename T, typename E, typename U>
constexpr T sub(T a, U b) {
  if constexpr (std::is_floating_point<U>::value || std::is_floating_point<T>::value) {
    return convert<T, E>(static_cast<long double>(a) - static_cast<long double>(b));
  } else {
    T r = 0;
    if (__builtin_sub_overflow(a, b, &r)) overflow<E>();
    return r;
  }
}

// rsub<T, E>(a, b): a - b where b is the SafeInt's value and the result is a T.
template <typename T, typename E, typename U>
constexpr T rsub(U a, T b) {
  if constexpr (std::is_floating_point<U>::value || std::is_floating_point<T>::value) {
    return convert<T, E>(static_cast<long double>(a) - static_cast<long double>(b));
  } else {
    T r = 0;
    if (__builtin_sub_overflow(a, b, &r)) overflow<E>();
    return r;
  }
}

template <typename T, typename E, typename U>
constexpr T mul(T a, U b) {
  if constexpr (std::is_floating_point<U>::value || std::is_floating_point<T>::value) {
    return convert<T, E>(static_cast<long double>(a) * static_cast<long double>(b));
  } else {
    T r = 0;
    if (__builtin_mul_overflow(a, b, &r)) overflow<E>();
    return r;
  }
}

// div<T, E>(a, b) and mod<T, E>(a, b): a / b and a % b of the exact values, as a T.
template <typename T, typename E, typename A, typename B>
constexpr T div(A a, B b) {
  if constexpr (std::is_floating_point<A>::value || std::is_floating_point<B>::value) {
    if (b == 0) E::SafeIntOnDivZero();
    return convert<T, E>(static_cast<long double>(a) / static_cast<long double>(b));
  } else {
    if (b == 0) E::SafeIntOnDivZero();
    return convert<T, E>(wide(a) / wide(b));
  }
}

template <typename T, typename E, typename A, typename B>
constexpr T mod(A a, B b) {
  static_assert(std::is_integral<A>::value && std::is_integral<B>::value, "SafeInt: % needs integers");
  if (b == 0) E::SafeIntOnDivZero();
  return convert<T, E>(wide(a) % wide(b));
}

// cmp(a, b): -1, 0 or 1 comparing the exact values.
template <typename A, typename B>
constexpr int cmp(A a, B b) {
  if constexpr (std::is_floating_point<A>::value || std::is_floating_point<B>::value) {
    long double x = static_cast<long double>(a), y = static_cast<long double>(b);
    return x < y ? -1 : (x > y ? 1 : 0);
  } else {
    __int128 x = wide(a), y = wide(b);
    return x < y ? -1 : (x > y ? 1 : 0);
  }
}

// shl and shr: shifts by a count within T's width (else overflow); shl also overflows when bits
// or the sign would be lost, as multiplying by 2^n would.
template <typename T, typename E, typename U>
constexpr T shl(T v, U n) {
  if (n < 0 || static_cast<unsigned long long>(n) >= sizeof(T) * 8) overflow<E>();
  return mul<T, E>(v, static_cast<T>(1) << n);
}

template <typename T, typename E, typename U>
constexpr T shr(T v, U n) {
  if (n < 0 || static_cast<unsigned long long>(n) >= sizeof(T) * 8) overflow<E>();
  return static_cast<T>(v >> n);
}

}  // namespace safeint_detail

template <typename T, typename E>
class SafeInt {
  static_assert(std::is_integral<T>::value && !std::is_same<T, bool>::value, "SafeInt<T>: T must be an integer type");

 public:
  constexpr SafeInt() : v_(0) {}
  template <typename U, typename std::enable_if<std::is_arithmetic<U>::value, int>::type = 0>
  constexpr SafeInt(U u) : v_(safeint_detail::convert<T, E>(u)) {}
  template <typename U, typename E2>
  constexpr SafeInt(const SafeInt<U, E2>& u) : v_(safeint_detail::convert<T, E>(static_cast<U>(u))) {}

  // One conversion per arithmetic type (not a template, so that a SafeInt passed where a size_t
  // or an int64_t is expected picks the exact one); each checks that the value fits.
  constexpr operator bool() const { return v_ != 0; }
  constexpr operator char() const { return safeint_detail::convert<char, E>(v_); }
  constexpr operator signed char() const { return safeint_detail::convert<signed char, E>(v_); }
  constexpr operator unsigned char() const { return safeint_detail::convert<unsigned char, E>(v_); }
  constexpr operator short() const { return safeint_detail::convert<short, E>(v_); }
  constexpr operator unsigned short() const { return safeint_detail::convert<unsigned short, E>(v_); }
  constexpr operator int() const { return safeint_detail::convert<int, E>(v_); }
  constexpr operator unsigned int() const { return safeint_detail::convert<unsigned int, E>(v_); }
  constexpr operator long() const { return safeint_detail::convert<long, E>(v_); }
  constexpr operator unsigned long() const { return safeint_detail::convert<unsigned long, E>(v_); }
  constexpr operator long long() const { return safeint_detail::convert<long long, E>(v_); }
  constexpr operator unsigned long long() const { return safeint_detail::convert<unsigned long long, E>(v_); }
  constexpr operator wchar_t() const { return safeint_detail::convert<wchar_t, E>(v_); }
  constexpr operator char16_t() const { return safeint_detail::convert<char16_t, E>(v_); }
  constexpr operator char32_t() const { return safeint_detail::convert<char32_t, E>(v_); }
  constexpr operator float() const { return static_cast<float>(v_); }
  constexpr operator double() const { return static_cast<double>(v_); }
  constexpr operator long double() const { return static_cast<long double>(v_); }

  constexpr T& Ref() { return v_; }
  constexpr const T& Ref() const { return v_; }
  // As SafeInt does, &x is the address of the value, so that a function filling a T* can fill a
  // SafeInt<T> (onnxruntime passes &safe_size to size_t* parameters).
  constexpr T* operator&() { return &v_; }
  constexpr const T* operator&() const { return &v_; }

  template <typename U, safeint_detail::if_plain<U> = 0>
  constexpr SafeInt& operator+=(U u) { v_ = safeint_detail::add<T, E>(v_, u); return *this; }
  template <typename U, safeint_detail::if_plain<U> = 0>
  constexpr SafeInt& operator-=(U u) { v_ = safeint_detail::sub<T, E>(v_, u); return *this; }
  template <typename U, safeint_detail::if_plain<U> = 0>
  constexpr SafeInt& operator*=(U u) { v_ = safeint_detail::mul<T, E>(v_, u); return *this; }
  template <typename U, safeint_detail::if_plain<U> = 0>
  constexpr SafeInt& operator/=(U u) { v_ = safeint_detail::div<T, E>(v_, u); return *this; }
  template <typename U, safeint_detail::if_plain<U> = 0>
  constexpr SafeInt& operator%=(U u) { v_ = safeint_detail::mod<T, E>(v_, u); return *this; }
  template <typename U, typename E2>
  constexpr SafeInt& operator+=(const SafeInt<U, E2>& u) { return *this += u.Ref(); }
  template <typename U, typename E2>
  constexpr SafeInt& operator-=(const SafeInt<U, E2>& u) { return *this -= u.Ref(); }
  template <typename U, typename E2>
  constexpr SafeInt& operator*=(const SafeInt<U, E2>& u) { return *this *= u.Ref(); }
  template <typename U, typename E2>
  constexpr SafeInt& operator/=(const SafeInt<U, E2>& u) { return *this /= u.Ref(); }
  template <typename U, typename E2>
  constexpr SafeInt& operator%=(const SafeInt<U, E2>& u) { return *this %= u.Ref(); }

  template <typename U, typename std::enable_if<std::is_integral<U>::value, int>::type = 0>
  constexpr SafeInt& operator&=(U u) { v_ &= static_cast<T>(u); return *this; }
  template <typename U, typename std::enable_if<std::is_integral<U>::value, int>::type = 0>
  constexpr SafeInt& operator|=(U u) { v_ |= static_cast<T>(u); return *this; }
  template <typename U, typename std::enable_if<std::is_integral<U>::value, int>::type = 0>
  constexpr SafeInt& operator^=(U u) { v_ ^= static_cast<T>(u); return *this; }
  template <typename U, typename std::enable_if<std::is_integral<U>::value, int>::type = 0>
  constexpr SafeInt& operator<<=(U n) { v_ = safeint_detail::shl<T, E>(v_, n); return *this; }
  template <typename U, typename std::enable_if<std::is_integral<U>::value, int>::type = 0>
  constexpr SafeInt& operator>>=(U n) { v_ = safeint_detail::shr<T, E>(v_, n); return *this; }

  constexpr SafeInt& operator++() { return *this += 1; }
  constexpr SafeInt& operator--() { return *this -= 1; }
  constexpr SafeInt operator++(int) { SafeInt old(*this); ++*this; return old; }
  constexpr SafeInt operator--(int) { SafeInt old(*this); --*this; return old; }
  constexpr SafeInt operator+() const { return *this; }
  constexpr SafeInt operator-() const { return SafeInt(safeint_detail::rsub<T, E>(0, v_)); }
  constexpr SafeInt operator~() const { return SafeInt(static_cast<T>(~v_)); }
  constexpr bool operator!() const { return v_ == 0; }

 private:
  T v_;
};

// Binary arithmetic: SafeInt op plain, plain op SafeInt (both give the SafeInt's type), and
// SafeInt op SafeInt (the left one's type).
template <typename T, typename E, typename U, safeint_detail::if_plain<U> = 0>
constexpr SafeInt<T, E> operator+(const SafeInt<T, E>& a, U b) { return SafeInt<T, E>(safeint_detail::add<T, E>(a.Ref(), b)); }
template <typename T, typename E, typename U, safeint_detail::if_plain<U> = 0>
constexpr SafeInt<T, E> operator+(U a, const SafeInt<T, E>& b) { return SafeInt<T, E>(safeint_detail::add<T, E>(b.Ref(), a)); }
template <typename T, typename E, typename U, typename E2>
constexpr SafeInt<T, E> operator+(const SafeInt<T, E>& a, const SafeInt<U, E2>& b) { return a + b.Ref(); }

template <typename T, typename E, typename U, safeint_detail::if_plain<U> = 0>
constexpr SafeInt<T, E> operator-(const SafeInt<T, E>& a, U b) { return SafeInt<T, E>(safeint_detail::sub<T, E>(a.Ref(), b)); }
template <typename T, typename E, typename U, safeint_detail::if_plain<U> = 0>
constexpr SafeInt<T, E> operator-(U a, const SafeInt<T, E>& b) { return SafeInt<T, E>(safeint_detail::rsub<T, E>(a, b.Ref())); }
template <typename T, typename E, typename U, typename E2>
constexpr SafeInt<T, E> operator-(const SafeInt<T, E>& a, const SafeInt<U, E2>& b) { return a - b.Ref(); }

template <typename T, typename E, typename U, safeint_detail::if_plain<U> = 0>
constexpr SafeInt<T, E> operator*(const SafeInt<T, E>& a, U b) { return SafeInt<T, E>(safeint_detail::mul<T, E>(a.Ref(), b)); }
template <typename T, typename E, typename U, safeint_detail::if_plain<U> = 0>
constexpr SafeInt<T, E> operator*(U a, const SafeInt<T, E>& b) { return SafeInt<T, E>(safeint_detail::mul<T, E>(b.Ref(), a)); }
template <typename T, typename E, typename U, typename E2>
constexpr SafeInt<T, E> operator*(const SafeInt<T, E>& a, const SafeInt<U, E2>& b) { return a * b.Ref(); }

template <typename T, typename E, typename U, safeint_detail::if_plain<U> = 0>
constexpr SafeInt<T, E> operator/(const SafeInt<T, E>& a, U b) { return SafeInt<T, E>(safeint_detail::div<T, E>(a.Ref(), b)); }
template <typename T, typename E, typename U, safeint_detail::if_plain<U> = 0>
constexpr SafeInt<T, E> operator/(U a, const SafeInt<T, E>& b) { return SafeInt<T, E>(safeint_detail::div<T, E>(a, b.Ref())); }
template <typename T, typename E, typename U, typename E2>
constexpr SafeInt<T, E> operator/(const SafeInt<T, E>& a, const SafeInt<U, E2>& b) { return a / b.Ref(); }

template <typename T, typename E, typename U, safeint_detail::if_plain<U> = 0>
constexpr SafeInt<T, E> operator%(const SafeInt<T, E>& a, U b) { return SafeInt<T, E>(safeint_detail::mod<T, E>(a.Ref(), b)); }
template <typename T, typename E, typename U, safeint_detail::if_plain<U> = 0>
constexpr SafeInt<T, E> operator%(U a, const SafeInt<T, E>& b) { return SafeInt<T, E>(safeint_detail::mod<T, E>(a, b.Ref())); }
template <typename T, typename E, typename U, typename E2>
constexpr SafeInt<T, E> operator%(const SafeInt<T, E>& a, const SafeInt<U, E2>& b) { return a % b.Ref(); }

// Bitwise operators on the bits of T (a plain operand is converted to T first, unchecked, as a
// mask), and shifts of a SafeInt by a plain count.
#define SAFEINT_UNI_BITWISE(op)                                                                         \
  template <typename T, typename E, typename U,                                                         \
            typename std::enable_if<std::is_integral<U>::value, int>::type = 0>                         \
  constexpr SafeInt<T, E> operator op(const SafeInt<T, E>& a, U b) { return SafeInt<T, E>(static_cast<T>(a.Ref() op static_cast<T>(b))); } \
  template <typename T, typename E, typename U,                                                         \
            typename std::enable_if<std::is_integral<U>::value, int>::type = 0>                         \
  constexpr SafeInt<T, E> operator op(U a, const SafeInt<T, E>& b) { return SafeInt<T, E>(static_cast<T>(static_cast<T>(a) op b.Ref())); } \
  template <typename T, typename E, typename U, typename E2>                                            \
  constexpr SafeInt<T, E> operator op(const SafeInt<T, E>& a, const SafeInt<U, E2>& b) { return a op b.Ref(); }
SAFEINT_UNI_BITWISE(&)
SAFEINT_UNI_BITWISE(|)
SAFEINT_UNI_BITWISE(^)
#undef SAFEINT_UNI_BITWISE

template <typename T, typename E, typename U, typename std::enable_if<std::is_integral<U>::value, int>::type = 0>
constexpr SafeInt<T, E> operator<<(const SafeInt<T, E>& a, U n) { return SafeInt<T, E>(safeint_detail::shl<T, E>(a.Ref(), n)); }
template <typename T, typename E, typename U, typename std::enable_if<std::is_integral<U>::value, int>::type = 0>
constexpr SafeInt<T, E> operator>>(const SafeInt<T, E>& a, U n) { return SafeInt<T, E>(safeint_detail::shr<T, E>(a.Ref(), n)); }

// Printing a SafeInt prints its value.
template <typename C, typename Tr, typename T, typename E>
std::basic_ostream<C, Tr>& operator<<(std::basic_ostream<C, Tr>& os, const SafeInt<T, E>& v) { return os << v.Ref(); }

// A plain integer updated by a SafeInt: checked in the plain integer's own type.
template <typename U, typename T, typename E, typename std::enable_if<std::is_integral<U>::value, int>::type = 0>
constexpr U& operator+=(U& a, const SafeInt<T, E>& b) { a = safeint_detail::add<U, E>(a, b.Ref()); return a; }
template <typename U, typename T, typename E, typename std::enable_if<std::is_integral<U>::value, int>::type = 0>
constexpr U& operator-=(U& a, const SafeInt<T, E>& b) { a = safeint_detail::sub<U, E>(a, b.Ref()); return a; }
template <typename U, typename T, typename E, typename std::enable_if<std::is_integral<U>::value, int>::type = 0>
constexpr U& operator*=(U& a, const SafeInt<T, E>& b) { a = safeint_detail::mul<U, E>(a, b.Ref()); return a; }
template <typename U, typename T, typename E, typename std::enable_if<std::is_integral<U>::value, int>::type = 0>
constexpr U& operator/=(U& a, const SafeInt<T, E>& b) { a = safeint_detail::div<U, E>(a, b.Ref()); return a; }
template <typename U, typename T, typename E, typename std::enable_if<std::is_integral<U>::value, int>::type = 0>
constexpr U& operator%=(U& a, const SafeInt<T, E>& b) { a = safeint_detail::mod<U, E>(a, b.Ref()); return a; }

// Pointer arithmetic by a SafeInt count.
template <typename P, typename T, typename E>
constexpr P* operator+(P* p, const SafeInt<T, E>& n) { return p + static_cast<std::ptrdiff_t>(n); }
template <typename P, typename T, typename E>
constexpr P* operator-(P* p, const SafeInt<T, E>& n) { return p - static_cast<std::ptrdiff_t>(n); }

// Comparisons of exact values, whatever the signedness.
#define SAFEINT_UNI_COMPARE(op)                                                                   \
  template <typename T, typename E, typename U, safeint_detail::if_plain<U> = 0>                  \
  constexpr bool operator op(const SafeInt<T, E>& a, U b) { return safeint_detail::cmp(a.Ref(), b) op 0; } \
  template <typename T, typename E, typename U, safeint_detail::if_plain<U> = 0>                  \
  constexpr bool operator op(U a, const SafeInt<T, E>& b) { return safeint_detail::cmp(a, b.Ref()) op 0; } \
  template <typename T, typename E, typename U, typename E2>                                      \
  constexpr bool operator op(const SafeInt<T, E>& a, const SafeInt<U, E2>& b) {                             \
    return safeint_detail::cmp(a.Ref(), b.Ref()) op 0;                                            \
  }
SAFEINT_UNI_COMPARE(==)
SAFEINT_UNI_COMPARE(!=)
SAFEINT_UNI_COMPARE(<)
SAFEINT_UNI_COMPARE(<=)
SAFEINT_UNI_COMPARE(>)
SAFEINT_UNI_COMPARE(>=)
#undef SAFEINT_UNI_COMPARE
