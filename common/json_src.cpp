// Boost.JSON is header-only in Boost 1.81 as Debian ships it: its implementation is compiled
// exactly once, here, for every module (common is linked by all of them).
#include <boost/json/src.hpp>
