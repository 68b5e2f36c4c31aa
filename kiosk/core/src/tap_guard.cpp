#include "hailong/kiosk/tap_guard.hpp"

namespace hailong::kiosk {

void TapGuard::screen_shown(time_point at) { shown_ = at; }

void TapGuard::touched(time_point at) { touched_ = at; }

bool TapGuard::accept(std::string_view control) {
    if (!touched_) return true;
    const time_point at = *touched_;
    // A touch before the screen was shown (negative) began on another screen: too soon as well.
    if (shown_ && at - *shown_ < settle) return false;
    if (last_tap_ && control == last_control_ && at - *last_tap_ < settle) return false;
    last_tap_ = at;
    last_control_ = control;
    return true;
}

}  // namespace hailong::kiosk
