#include "app.hpp"

#include <cstdio>
#include <exception>
#include <type_traits>
#include <utility>

#include "hailong/kiosk/lookup_link.hpp"
#include "hailong/version.hpp"

namespace hailong::kiosk {

namespace {

using namespace std::chrono_literals;

constexpr auto status_refresh = 2s;
constexpr auto animation_step = 50ms;

// Digits press numbered buttons, except where digits are typed.
bool digit_shortcuts(Screen s) {
    return s != Screen::contact && s != Screen::dossier && s != Screen::comment && s != Screen::admin_pin &&
           s != Screen::sign_in && s != Screen::sign_in_pin;
}

// A commit to the outbox, run on the save worker: what the service said (a throw is a failure,
// logged with the id) and how long it took from the frame of the tap.
struct Commit {
    SaveResult result;
    std::chrono::microseconds latency{0};
};

template <class Service>
Commit commit(const char* what, const Submission& submission, std::chrono::steady_clock::time_point tapped,
              const Service& service) {
    Commit c;
    try {
        c.result = service();
    } catch (const std::exception& error) {
        c.result = SaveResult{false, std::nullopt, error.what()};
    }
    c.latency = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - tapped);
    if (!c.result.ok)
        std::fprintf(stderr, "hailong-kiosk: submission %s not %s: %s\n", submission.id.to_string().c_str(), what,
                     c.result.detail.c_str());
    return c;
}

}  // namespace

App::App(KioskSettings settings, KioskServices services, const Translator& translator, Fonts& fonts, Renderer& renderer,
         RandomSource random, const Now& now, std::function<void()> wake)
    : settings_(std::move(settings)),
      services_(std::move(services)),
      translator_(translator),
      fonts_(fonts),
      renderer_(renderer),
      flow_(settings_.counter, std::move(random), now),
      queue_(wake),
      now_(now) {
    for (const std::string_view lang : languages) {
        if (const Catalog* catalog = translator_.catalog(lang))
            for (const auto& [key, text] : catalog->entries()) glyph_text_ += text;
    }
    glyph_text_ += settings_.department_name + settings_.site_name;
    for (const Officer& o : settings_.counter.officers) glyph_text_ += o.name;
    for (const Service& s : settings_.counter.services) glyph_text_ += s.name;

    state_.settings = &settings_;
    state_.department_name = settings_.department_name;
    state_.pin_configured = !settings_.pin_hash.empty() && static_cast<bool>(services_.check_pin);
    state_.version = std::string(version);
    last_session_ = flow_.session();

    config_inbox_->wake = std::move(wake);
    if (services_.watch_config) {
        services_.watch_config([inbox = std::weak_ptr<ConfigInbox>(config_inbox_)](std::shared_ptr<const KioskConfig> c) {
            const auto alive = inbox.lock();
            if (!alive || !c) return;
            {
                const std::lock_guard lock(alive->mutex);
                alive->latest = std::move(c);
            }
            if (alive->wake) alive->wake();
        });
    }
}

App::~App() {
    if (photo_) renderer_.destroy_texture(photo_);
}

void App::prepare(ImVec2 display, std::optional<float> reported_dpi) {
    reported_dpi_ = reported_dpi;
    const std::optional<float> configured =
        settings_.display_dpi ? std::optional<float>(static_cast<float>(*settings_.display_dpi)) : std::nullopt;
    metrics_ = compute_metrics(display, configured, reported_dpi);
    if (!fonts_.built_for(metrics_) || fonts_stale_) {
        fonts_stale_ = false;
        fonts_.build(metrics_, glyph_text_);
        renderer_.fonts_changed();
    }
}

std::optional<Rect> App::widget(std::string_view id) const {
    for (const auto& [name, rect] : widgets_)
        if (name == id) return rect;
    return std::nullopt;
}

std::vector<std::string> App::widget_ids() const {
    std::vector<std::string> ids;
    for (const auto& w : widgets_) ids.push_back(w.first);
    return ids;
}

bool App::settled() const {
    return queue_.empty() && !save_worker_.busy() && !admin_worker_.busy() && !voice_worker_.busy() &&
           !printer_worker_.busy();
}

std::optional<std::chrono::steady_clock::time_point> App::next_wake(const Now& now) const {
    std::optional<std::chrono::steady_clock::time_point> next = flow_.next_deadline(now);
    const auto consider = [&](std::chrono::steady_clock::time_point t) {
        if (!next || t < *next) next = t;
    };
    if (corner_press_) consider(*corner_press_ + admin_gesture_hold);
    if (const auto repeat = state_.delete_key.next_due()) consider(*repeat);  // delete held down
    if (flow_.screen() == Screen::admin && status_requested_) consider(*status_requested_ + status_refresh);
    const bool animating = flow_.screen() == Screen::saving || flow_.pin_checking() ||
                           state_.network_test == ScreenState::NetworkTestState::running;
    if (animating) consider(now.steady + animation_step);
    return next;
}

void App::dispatch(const Action& action, const Now& now) {
    for (const Effect& effect : flow_.dispatch(action, now)) handle(effect);
    redraw_ = true;
}

void App::handle(const Effect& effect) {
    std::visit(
        [this](const auto& e) {
            using E = std::decay_t<decltype(e)>;
            // Both on the save worker, in the order the flow asked: an amendment never overtakes
            // the save that completes the submission.
            if constexpr (std::is_same_v<E, effect::KeepOpen>) {
                save_worker_.post([this, submission = e.submission, tapped = frame_started_] {
                    const Commit c = commit("kept open", submission, tapped,
                                            [&] { return services_.keep_open ? services_.keep_open(submission) : SaveResult{}; });
                    queue_.post([this, c] { count_commit(c.result, c.latency); });
                });
            } else if constexpr (std::is_same_v<E, effect::SaveRequested>) {
                save_worker_.post([this, submission = e.submission, complaint = e.complaint, tapped = frame_started_] {
                    const Commit c = commit("saved", submission, tapped,
                                            [&] { return services_.save ? services_.save(submission, complaint) : SaveResult{}; });
                    queue_.post([this, id = submission.id, c] {
                        count_commit(c.result, c.latency);
                        dispatch(action::SaveFinished{id, c.result.ok, c.result.tracking_code}, now_);
                    });
                });
            } else if constexpr (std::is_same_v<E, effect::LookupRequested>) {
                admin_worker_.post([this, code = e.code] {
                    ComplaintLookup result;
                    try {
                        if (services_.lookup_complaint) result = services_.lookup_complaint(code);
                    } catch (const std::exception& error) {
                        std::fprintf(stderr, "hailong-kiosk: complaint lookup failed: %s\n", error.what());
                    }
                    queue_.post([this, code, result] { dispatch(action::LookupFinished{code, result}, now_); });
                });
            } else if constexpr (std::is_same_v<E, effect::PinCheckRequested>) {
                admin_worker_.post([this, pin = e.pin, configured = state_.pin_configured] {
                    bool ok = false;
                    try {
                        ok = configured && services_.check_pin(pin);
                    } catch (const std::exception&) {
                        ok = false;
                    }
                    queue_.post([this, ok] { dispatch(action::PinChecked{ok}, now_); });
                });
            } else if constexpr (std::is_same_v<E, effect::CounterChanged>) {
                if (services_.remember_counter) {
                    admin_worker_.post([this, counter = e] {
                        try {
                            services_.remember_counter(counter);
                        } catch (const std::exception& error) {
                            std::fprintf(stderr, "hailong-kiosk: counter settings not kept: %s\n", error.what());
                        }
                    });
                }
            } else if constexpr (std::is_same_v<E, effect::DutyRecorded>) {
                // On the save worker, in order with the ratings: a sign-in is stored before the
                // ratings that name the officer.
                save_worker_.post([this, event = e.event] {
                    SaveResult result;
                    try {
                        result = services_.record_duty ? services_.record_duty(event) : SaveResult{};
                    } catch (const std::exception& error) {
                        result = SaveResult{false, std::nullopt, error.what()};
                    }
                    if (!result.ok)
                        std::fprintf(stderr, "hailong-kiosk: duty event %s not stored: %s\n", event.id.to_string().c_str(),
                                     result.detail.c_str());
                });
            } else if constexpr (std::is_same_v<E, effect::CredentialCheckRequested>) {
                admin_worker_.post([this, check = e] {
                    bool ok = false;
                    try {
                        ok = services_.check_officer_pin && services_.check_officer_pin(check.pin_hash, check.pin);
                    } catch (const std::exception&) {
                        ok = false;
                    }
                    queue_.post([this, officer = check.officer, ok] { dispatch(action::CredentialChecked{officer, ok}, now_); });
                });
            } else if constexpr (std::is_same_v<E, effect::DossierCheckRequested>) {
                admin_worker_.post([this, code = e.code] {
                    DossierInfo info;
                    try {
                        if (services_.check_dossier) info = services_.check_dossier(code);
                    } catch (const std::exception& error) {
                        std::fprintf(stderr, "hailong-kiosk: dossier check failed: %s\n", error.what());
                    }
                    queue_.post([this, code, info] {
                        add_glyphs(info.service_name);
                        dispatch(action::DossierChecked{code, info}, now_);
                    });
                });
            } else if constexpr (std::is_same_v<E, effect::QuitRequested>) {
                quit_ = true;
            }
        },
        effect);
}

void App::count_commit(const SaveResult& result, std::chrono::microseconds latency) {
    if (!result.ok) return;
    ++commits_;
    last_commit_latency_ = latency;
}

void App::scanned(const std::string& text, const Now& now) { dispatch(action::Scanned{text}, now); }

void App::request_photo() {
    const Officer* officer = flow_.officer();
    const std::optional<std::string> code = officer ? std::optional<std::string>(officer->code) : std::nullopt;
    if (code == photo_for_) return;
    photo_for_ = code;
    if (photo_) {
        renderer_.destroy_texture(photo_);
        photo_ = nullptr;
        state_.officer_photo = nullptr;
    }
    if (!officer || officer->photo.empty() || !services_.load_image) return;
    admin_worker_.post([this, code = *code, path = officer->photo] {
        std::optional<Image> image;
        try {
            image = services_.load_image(path);
        } catch (const std::exception&) {
            image.reset();
        }
        if (!image) return;
        queue_.post([this, code, image = std::move(*image)] {
            if (photo_for_ != code || photo_) return;  // the officer changed meanwhile
            photo_ = renderer_.create_texture(image);
            state_.officer_photo = photo_;
            state_.officer_photo_size = {static_cast<float>(image.width), static_cast<float>(image.height)};
        });
    });
}

void App::request_status(const Now& now) {
    if (flow_.screen() != Screen::admin || !services_.status || status_pending_) return;
    if (status_requested_ && now.steady - *status_requested_ < status_refresh) return;
    status_requested_ = now.steady;
    status_pending_ = true;
    admin_worker_.post([this] {
        std::optional<UploaderStatus> status;
        try {
            status = services_.status();
        } catch (const std::exception&) {
            status.reset();
        }
        queue_.post([this, status] {
            state_.status = status;
            status_pending_ = false;
            redraw_ = true;
        });
    });
}

void App::start_network_test() {
    using T = ScreenState::NetworkTestState;
    state_.network_test_requested = false;
    if (!services_.test_network) {
        state_.network_test = T::failed;
        state_.network_detail.clear();
        return;
    }
    state_.network_test = T::running;
    admin_worker_.post([this] {
        NetworkTest result;
        try {
            result = services_.test_network();
        } catch (const std::exception& error) {
            result = NetworkTest{false, error.what()};
        }
        queue_.post([this, result] {
            state_.network_test = result.ok ? T::ok : T::failed;
            state_.network_detail = result.detail;
            redraw_ = true;
        });
    });
}

void App::on_screen_change() {
    focus_.reset();
    state_.shift = false;
    state_.delete_key = DeleteKey{};
    state_.confirm_clear = false;
    if (flow_.session() != last_session_) {
        // A new citizen: nothing of the last one's typing may survive.
        state_.comment_input = VietnameseInput(VietnameseInput::Method::telex, VietnameseInput::ToneStyle::modern);
        state_.method_chosen = false;
        state_.officer_page.reset();
        state_.service_page.reset();
        state_.sign_in_page = 0;
        state_.reasons_page = 0;
        state_.tt01_page = 0;
        state_.network_test = ScreenState::NetworkTestState::none;
        state_.network_detail.clear();
        last_session_ = flow_.session();
    }
    if (flow_.screen() != Screen::admin) {
        status_requested_.reset();
        state_.admin_tab = ScreenState::AdminTab::status;
    }
    // Telex turns "too soon" into "tô sôn": an English comment starts without accents, a
    // Vietnamese one with Telex, until the citizen picks a method themselves.
    if (flow_.screen() == Screen::comment && !state_.method_chosen)
        state_.comment_input.set_method(flow_.lang() == "vi" ? VietnameseInput::Method::telex : VietnameseInput::Method::off);
    spoke_for_screen_ = false;
    last_screen_ = flow_.screen();
    state_.lookup_qr.reset();
    state_.print = ScreenState::PrintState::none;
    state_.reprints_left = 0;
    state_.print_again_requested = false;
    receipt_.reset();
    said_focus_.clear();
    if (const std::string* code = flow_.tracking_code()) open_thanks(*code);
}

void App::open_thanks(const std::string& code) {
    // Encoding takes microseconds and touches nothing outside: done here, once per screen.
    const std::optional<std::string> link = lookup_link(settings_.public_url, code);
    if (link) state_.lookup_qr = QrCode::encode(*link);
    const Submission* submission = flow_.submission();
    if (!services_.print_receipt || !submission) return;

    const auto t = [&](std::string_view key) { return translator_.text(key, flow_.lang()); };
    receipt_ = Receipt{t("kiosk.receipt.title"), state_.department_name, t("kiosk.thanks.code_label"), code, link.value_or(""),
                       t("kiosk.receipt.qr_hint"), t("kiosk.receipt.date"), submission->created_at,
                       t("kiosk.thanks.hotline"), settings_.hotline};
    state_.reprints_left = receipt_reprints;
    print_receipt();
}

void App::print_receipt() {
    if (!receipt_ || !services_.print_receipt) return;
    state_.print = ScreenState::PrintState::printing;
    said_print_ = state_.print;  // this print's outcome is yet to be said, however fast it comes
    printer_worker_.post([this, receipt = *receipt_, session = flow_.session()] {
        bool ok = true;
        try {
            services_.print_receipt(receipt);
        } catch (const std::exception& error) {
            ok = false;
            std::fprintf(stderr, "hailong-kiosk: receipt for %s not printed: %s\n", receipt.code.c_str(), error.what());
        }
        queue_.post([this, ok, session] {
            // The citizen may have gone: their receipt's outcome is not the next one's to read.
            if (flow_.session() != session || flow_.screen() != Screen::thanks) return;
            state_.print = ok ? ScreenState::PrintState::printed : ScreenState::PrintState::failed;
            redraw_ = true;
        });
    });
}

void App::speak(const Ui& ui) {
    if (!flow_.presentation().speech || !services_.speak) {
        speech_was_on_ = false;
        spoke_for_screen_ = false;
        return;
    }
    using P = ScreenState::PrintState;
    const std::string prompt = spoken_prompt(flow_, ui, state_);
    std::string focus_words;
    if (const std::string focused = focus_.shown(); !focused.empty()) {
        for (const SpokenControl& c : ui.controls())
            if (c.id == focused) focus_words = spoken_control(flow_, ui, c);
    }
    std::string text;
    bool sequel = false;  // said after what waits, not instead of it
    if (!speech_was_on_) text = translator_.text("kiosk.speech.help", flow_.lang());
    // One thing at a time, the newest first: the screen's prompt as it opens or changes (the
    // lookup's answer arriving, the language, the idle warning), else the control the ring
    // moved to or whose state changed, else the receipt's outcome.
    if (!speech_was_on_ || !spoke_for_screen_ || prompt != said_prompt_) {
        if (!prompt.empty()) text += (text.empty() ? "" : " ") + prompt;
    } else if (focus_words != said_focus_ && !focus_words.empty()) {
        text = focus_words;
    }
    if (state_.print != said_print_ && (state_.print == P::printed || state_.print == P::failed)) {
        const std::string outcome = ui.t(state_.print == P::printed ? "kiosk.thanks.printed" : "kiosk.thanks.print_failed");
        sequel = text.empty();
        text += (text.empty() ? "" : " ") + outcome;
    }
    speech_was_on_ = true;
    spoke_for_screen_ = true;
    said_prompt_ = prompt;
    said_focus_ = focus_words;
    said_print_ = state_.print;
    if (text.empty()) return;
    auto job = [this, text = std::move(text), lang = flow_.lang()] {
        try {
            services_.speak(text, lang);
        } catch (const std::exception& error) {
            std::fprintf(stderr, "hailong-kiosk: speech failed: %s\n", error.what());
        }
    };
    if (sequel)
        voice_worker_.post_after(std::move(job));
    else
        voice_worker_.post(std::move(job));
}

void App::frame(const Now& now, std::optional<std::chrono::steady_clock::time_point> touched_at) {
    frame_started_ = std::chrono::steady_clock::now();
    now_ = now;
    redraw_ = false;
    if (queue_.run() > 0) redraw_ = true;
    std::shared_ptr<const KioskConfig> config;
    {
        const std::lock_guard lock(config_inbox_->mutex);
        config = std::move(config_inbox_->latest);
    }
    if (config) apply_server_config(*config);
    for (const Effect& effect : flow_.tick(now)) handle(effect);
    const bool new_screen = flow_.screen() != last_screen_ || flow_.session() != last_session_;
    if (new_screen) {
        on_screen_change();
        redraw_ = true;
    }
    // This frame is the first to show a new screen, the warning opening or closing over one, or
    // another page of the TT 01 questions or tab of the admin screen: a double tap on "the next
    // questions" must not land on "Gửi đánh giá", drawn where it was.
    const bool turned = state_.tt01_page != last_tt01_page_ || state_.admin_tab != last_admin_tab_;
    if (new_screen || turned || flow_.warning() != last_warning_) taps_.screen_shown(now.steady);
    last_warning_ = flow_.warning();
    last_tt01_page_ = state_.tt01_page;
    last_admin_tab_ = state_.admin_tab;

    const ImGuiIO& io = ImGui::GetIO();
    const KeyInput keys = KeyInput::read();
    std::vector<Action> actions;
    if (io.MouseClicked[0]) taps_.touched(touched_at.value_or(now.steady));
    if (keys.any || io.MouseClicked[0]) actions.emplace_back(action::Activity{});

    // The hidden admin gesture: the top-left corner of the idle screen held for 3 s.
    const Rect corner{0, 0, metrics_.target(140), metrics_.target(140)};
    if (flow_.screen() == Screen::idle && io.MouseDown[0] && corner.contains(io.MouseClickedPos[0])) {
        if (!corner_press_) corner_press_ = now.steady;
        if (now.steady - *corner_press_ >= admin_gesture_hold) {
            actions.emplace_back(action::OpenAdmin{});
            corner_press_.reset();
        }
    } else {
        corner_press_.reset();
    }
    if (keys.ctrl_alt_a && flow_.screen() == Screen::idle) actions.emplace_back(action::OpenAdmin{});
    if (keys.escape && !flow_.warning()) {
        if (has_back(flow_.screen())) actions.emplace_back(action::Back{});
        if (flow_.screen() == Screen::thanks) actions.emplace_back(action::Finish{});
        if (flow_.screen() == Screen::save_failed) actions.emplace_back(action::Cancel{});
    }

    focus_.begin_frame(keys, digit_shortcuts(flow_.screen()) || flow_.warning());
    draw(now, keys, actions);

    for (const Action& a : actions) dispatch(a, now);
    if (flow_.screen() != last_screen_ || state_.tt01_page != last_tt01_page_ || state_.admin_tab != last_admin_tab_)
        redraw_ = true;
    if (state_.print_again_requested) {
        state_.print_again_requested = false;
        // Only from the thank-you screen it was asked on, once the last print is done.
        if (flow_.screen() == Screen::thanks && state_.reprints_left > 0 && state_.print != ScreenState::PrintState::printing) {
            --state_.reprints_left;
            print_receipt();
        }
    }
    if (state_.network_test_requested) start_network_test();
    request_photo();
    request_status(now);
}

void App::apply_server_config(const KioskConfig& config) {
    if (config.source == KioskConfig::Source::bundled) return;  // made from the local file: nothing new
    if (!config.department.name.empty()) state_.department_name = config.department.name;
    add_glyphs(config.department.name);
    for (const NamedCode& o : config.officers) add_glyphs(o.name);
    for (const NamedCode& s : config.services) add_glyphs(s.name);
    for (const ConfigReason& r : config.survey.reasons)
        for (const auto& [lang, text] : r.label) add_glyphs(text);
    flow_.reconfigure(
        counter_from_config(config, flow_.counter(), settings_.counter.officers, settings_.counter.services));
    redraw_ = true;
}

void App::add_glyphs(const std::string& text) {
    if (text.empty() || glyph_text_.find(text) != std::string::npos) return;
    glyph_text_ += text;
    fonts_stale_ = true;
}

void App::draw(const Now& now, const KeyInput& keys, std::vector<Action>& actions) {
    const Palette& pal = palette(flow_.presentation().high_contrast);
    ImGui::SetNextWindowPos({0, 0});
    ImGui::SetNextWindowSize(metrics_.display);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, {0, 0});
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0);
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, {0, 0});
    ImGui::Begin("kiosk", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoBackground |
                     ImGuiWindowFlags_NoScrollWithMouse);
    {
        Ui ui(translator_, flow_.lang(), fonts_, flow_.presentation().large_text, pal, metrics_, focus_, taps_);
        if (record_layout_) {
            layout_ = {};
            ui.record(&layout_);
        }
        ui.fill({0, 0, metrics_.display.x, metrics_.display.y}, pal.background);
        ui.set_inert(flow_.warning());
        ui.set_speech(flow_.presentation().speech && static_cast<bool>(services_.speak));

        Rect area{0, 0, metrics_.display.x, metrics_.display.y};
        const Rect band = area.cut_top(metrics_.target(96) + 2 * metrics_.px(10));
        ScreenFrame f{flow_, ui, now, keys, area, state_, actions};
        header_bar(f, band);
        switch (flow_.screen()) {
        case Screen::idle: idle_screen(f); break;
        case Screen::rating: rating_screen(f); break;
        case Screen::tt01: tt01_screen(f); break;
        case Screen::dossier: dossier_screen(f); break;
        case Screen::reasons: reasons_screen(f); break;
        case Screen::comment: comment_screen(f); break;
        case Screen::contact: contact_screen(f); break;
        case Screen::saving: saving_screen(f); break;
        case Screen::thanks: thanks_screen(f); break;
        case Screen::save_failed: save_failed_screen(f); break;
        case Screen::admin_pin: admin_pin_screen(f); break;
        case Screen::admin: admin_screen(f); break;
        case Screen::lookup: lookup_screen(f); break;
        case Screen::lookup_result: lookup_result_screen(f); break;
        case Screen::sign_in: sign_in_screen(f); break;
        case Screen::sign_in_pin: sign_in_pin_screen(f); break;
        }
        if (flow_.warning()) {
            ui.set_inert(false);
            timeout_overlay(f);
        }
        widgets_ = ui.widgets();
        speak(ui);
    }
    ImGui::End();
    ImGui::PopStyleVar(3);
}

}  // namespace hailong::kiosk
