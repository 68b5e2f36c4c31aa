// Tests of the kiosk's rating flow (kiosk/core/include/hailong/kiosk/flow.hpp): screens, answers,
// the submission it builds, the TT 01 points, timers and the admin PIN. Time is a value the test
// moves by hand; the random source returns fixed bytes, so every id is known in advance.
#include <catch2/catch.hpp>

#include <cctype>
#include <string>

#include "hailong/kiosk/flow.hpp"
#include "hailong/tracking_code.hpp"

using namespace hailong;
using namespace hailong::kiosk;
using namespace std::chrono_literals;

namespace {

// 2026-11-20T01:15:30Z = 08:15:30 in Hà Nội.
const Instant wall_start = std::chrono::sys_days{std::chrono::year{2026} / 11 / 20} + 1h + 15min + 30s;

struct Clock {
    std::chrono::steady_clock::time_point steady{std::chrono::hours(1000)};
    Instant wall = wall_start;
    Now now() const { return Now{steady, wall}; }
    void advance(std::chrono::microseconds d) {
        steady += d;
        wall += d;
    }
};

CounterConfig counter() {
    CounterConfig c;
    c.department = "SCT";
    c.officers = {{"SCT-007", "Nguyễn Văn An", ""}, {"SCT-012", "Trần Thị Bình", ""}};
    c.services = {{"1.001234", "Cấp Giấy phép kinh doanh"}};
    c.officer = "SCT-007";
    c.service = "1.001234";
    return c;
}

// Each call returns 16 bytes of `fill`, then fill + 1, ...: Uuid::v7_from puts the time in the
// first six bytes and overwrites the version nibble (byte 6 -> 0x7_) and the variant bits (byte 8
// -> 0b10__ ____), so bytes of 0x11 end in 7111-9111-111111111111 (0x11 & 0x0f | 0x70 = 0x71;
// 0x11 & 0x3f | 0x80 = 0x91).
RandomSource counting_random(std::uint8_t fill = 0x11) {
    return [fill]() mutable {
        Uuid::Bytes b;
        b.fill(fill++);
        return b;
    };
}

struct Fixture {
    Clock clock;
    Flow flow;
    explicit Fixture(CounterConfig c = counter()) : flow(std::move(c), counting_random(), clock.now()) {}
    std::vector<Effect> act(const Action& a) { return flow.dispatch(a, clock.now()); }
    std::vector<Effect> tick() { return flow.tick(clock.now()); }
};

const effect::SaveRequested& only_save(const std::vector<Effect>& effects) {
    REQUIRE(effects.size() == 1);
    REQUIRE(std::holds_alternative<effect::SaveRequested>(effects[0]));
    return std::get<effect::SaveRequested>(effects[0]);
}

const Submission& only_kept(const std::vector<Effect>& effects) {
    REQUIRE(effects.size() == 1);
    REQUIRE(std::holds_alternative<effect::KeepOpen>(effects[0]));
    return std::get<effect::KeepOpen>(effects[0]).submission;
}

}  // namespace

TEST_CASE("flow: three taps rate a satisfied visit and save the submission with every field", "[flow]") {
    Fixture f;
    CHECK(f.flow.screen() == Screen::idle);
    CHECK(f.act(action::Start{}).empty());
    CHECK(f.flow.screen() == Screen::rating);
    f.clock.advance(1500ms);
    const Submission face = only_kept(f.act(action::Rate{3}));  // the face tap is kept at once
    CHECK(f.flow.screen() == Screen::tt01);
    f.clock.advance(2500ms);
    const auto save = only_save(f.act(action::Next{}));
    CHECK(f.flow.screen() == Screen::saving);
    CHECK_FALSE(save.complaint);
    const Submission& s = save.submission;
    CHECK(s == face);  // nothing was added after the face
    // Version 7: the first 48 bits are created_at in Unix milliseconds, the face tap at
    // 2026-11-20T01:15:31.500Z = 1,795,137,331,500 = 0x01A1F685E12C (Python's datetime), then
    // the version, the variant and the generator's 0x11 bytes.
    CHECK(s.id.to_string() == "01a1f685-e12c-7111-9111-111111111111");
    CHECK(s.id.version() == 7);
    // When the citizen rated, the face tap (wall_start + 1.5 s), not "Gửi" 2.5 s later, written
    // with Vietnam's offset.
    CHECK(format_rfc3339(s.created_at.instant, s.created_at.offset) == "2026-11-20T08:15:31.5+07:00");
    CHECK(s.department == "SCT");
    CHECK(s.officer == "SCT-007");
    CHECK(s.service == "1.001234");
    CHECK(s.lang == "vi");
    CHECK(s.rating == Rating{3, 3});
    CHECK(s.tt01.empty());
    CHECK(s.reasons.empty());
    CHECK_FALSE(s.comment);
    CHECK_FALSE(s.contact);
    CHECK_FALSE(s.dossier);
    CHECK_FALSE(s.tracking_code);
}

TEST_CASE("flow: the thank-you screen comes only after the save service reports the commit", "[flow]") {
    Fixture f;
    f.act(action::Start{});
    f.act(action::Rate{2});
    const Uuid id = only_save(f.act(action::Next{})).submission.id;
    f.clock.advance(30s);
    f.tick();
    CHECK(f.flow.screen() == Screen::saving);  // no timeout while the save is under way
    f.act(action::SaveFinished{Uuid::v4_from_bytes(Uuid::Bytes{}), true, std::nullopt});
    CHECK(f.flow.screen() == Screen::saving);  // an answer about another submission is ignored
    f.act(action::SaveFinished{id, true, std::nullopt});
    CHECK(f.flow.screen() == Screen::thanks);
    CHECK(f.flow.tracking_code() == nullptr);
}

TEST_CASE("flow: a failed save shows no thanks, and Retry saves the same submission again", "[flow]") {
    Fixture f;
    f.act(action::Start{});
    f.act(action::Rate{3});
    const Submission first = only_save(f.act(action::Next{})).submission;
    f.act(action::SaveFinished{first.id, false, std::nullopt});
    CHECK(f.flow.screen() == Screen::save_failed);
    f.clock.advance(5s);
    const Submission again = only_save(f.act(action::Retry{})).submission;
    CHECK(again == first);  // same id and created_at: the store keeps one copy
    CHECK(f.flow.screen() == Screen::saving);
    f.act(action::SaveFinished{first.id, true, std::nullopt});
    CHECK(f.flow.screen() == Screen::thanks);
}

TEST_CASE("flow: after the thank-you time the kiosk is idle again and the answers are gone", "[flow]") {
    Fixture f;
    f.act(action::Start{});
    f.act(action::SetLanguage{"en"});
    f.act(action::ToggleLargeText{});
    f.act(action::Rate{3});
    const Uuid id = only_save(f.act(action::Next{})).submission.id;
    f.act(action::SaveFinished{id, true, std::nullopt});
    const auto session = f.flow.session();
    REQUIRE(f.flow.next_deadline(f.clock.now()) == f.clock.steady + 6s);  // FlowTimeouts::thanks
    f.clock.advance(5999ms);
    f.tick();
    CHECK(f.flow.screen() == Screen::thanks);
    f.clock.advance(1ms);
    f.tick();
    CHECK(f.flow.screen() == Screen::idle);
    CHECK(f.flow.answers() == Answers{});
    CHECK(f.flow.lang() == "vi");
    CHECK(f.flow.presentation() == Presentation{});
    CHECK(f.flow.submission() == nullptr);
    CHECK(f.flow.session() == session + 1);
    CHECK_FALSE(f.flow.next_deadline(f.clock.now()));  // idle: nothing to wake up for
}

TEST_CASE("flow: a dissatisfied citizen gives reasons, a comment and a phone number: a complaint", "[flow]") {
    Fixture f;
    f.act(action::Start{});
    f.act(action::Rate{1});
    f.act(action::AnswerTime{TimeAnswer::late});
    f.act(action::Next{});
    REQUIRE(f.flow.screen() == Screen::reasons);
    f.act(action::ToggleReason{"long_wait"});
    f.act(action::ToggleReason{"slow"});
    f.act(action::ToggleReason{"no_such_reason"});  // not in the survey: ignored
    f.act(action::ToggleReason{"conduct"});
    f.act(action::ToggleReason{"conduct"});  // ticked twice: off again
    // The survey's order (slow, many_trips, unclear_guidance, conduct, extra_papers, long_wait,
    // facilities), not the order of the taps.
    CHECK(f.flow.answers().reasons == std::vector<std::string>{"slow", "long_wait"});
    f.act(action::OpenComment{});
    REQUIRE(f.flow.screen() == Screen::comment);
    // "Chờ lâu" typed with a decomposed ờ (o + U+031B horn + U+0300 grave): sent as NFC (U+1EDD).
    f.act(action::SetComment{"Cho\xcc\x9b\xcc\x80 la\xcc\x82u"});
    f.act(action::Done{});
    f.act(action::OpenContact{});
    f.act(action::SetContact{"0912345678"});
    f.act(action::Done{});
    REQUIRE(f.flow.screen() == Screen::reasons);
    CHECK(f.flow.is_complaint());
    const auto save = only_save(f.act(action::Next{}));
    CHECK(save.complaint);
    CHECK(save.submission.rating == Rating{3, 1});
    CHECK(save.submission.reasons == std::vector<std::string>{"slow", "long_wait"});
    CHECK(save.submission.comment == "Ch\xe1\xbb\x9d l\xc3\xa2u");
    CHECK(save.submission.contact == "0912345678");
    CHECK(save.submission.tt01.time == 0);
    f.act(action::SaveFinished{save.submission.id, true, std::string("K7M-4XQ2")});
    REQUIRE(f.flow.tracking_code());
    CHECK(*f.flow.tracking_code() == "K7M-4XQ2");
    CHECK(f.flow.submission()->tracking_code == "K7M-4XQ2");
    // A complaint's code must be noted down: 40 s (FlowTimeouts::thanks_complaint), or Finish.
    f.clock.advance(39s);
    f.tick();
    CHECK(f.flow.screen() == Screen::thanks);
    f.act(action::Finish{});
    CHECK(f.flow.screen() == Screen::idle);
}

TEST_CASE("flow: 'not satisfied' with nothing more said is saved, but is not a complaint", "[flow]") {
    Fixture f;
    f.act(action::Start{});
    f.act(action::Rate{1});
    f.act(action::Next{});
    REQUIRE(f.flow.screen() == Screen::reasons);
    f.act(action::OpenComment{});
    f.act(action::SetComment{"   "});  // only spaces is no comment
    f.act(action::Done{});
    const auto save = only_save(f.act(action::Next{}));
    CHECK_FALSE(save.complaint);
    CHECK_FALSE(save.submission.comment);
}

TEST_CASE("flow: a report of harassment leads to the reasons even after a good rating", "[flow]") {
    Fixture f;
    f.act(action::Start{});
    f.act(action::Rate{3});
    f.act(action::AnswerHarassment{HarassmentAnswer::yes});
    f.act(action::Next{});
    CHECK(f.flow.screen() == Screen::reasons);
    f.act(action::ToggleReason{"conduct"});
    const auto save = only_save(f.act(action::Next{}));
    CHECK(save.complaint);
    CHECK(save.submission.tt01.attitude == 0);
    CHECK(save.submission.harassment == true);  // the citizen's own answer goes on the wire
    CHECK(save.submission.reasons == std::vector<std::string>{"conduct"});
}

TEST_CASE("flow: a late dossier without harassment is sent as the citizen said, never as a report", "[flow][tt01]") {
    // Issue 17 item 1: "late" and "no harassment" used to become index 7 = 0, which the server
    // read back as a harassment report. Now the answer itself travels, and index 7 is left to the
    // server's named policy.
    Fixture f;
    f.act(action::Start{});
    f.act(action::Rate{2});
    f.act(action::AnswerTime{TimeAnswer::late});
    f.act(action::AnswerHarassment{HarassmentAnswer::no});
    const auto save = only_save(f.act(action::Next{}));
    CHECK(save.submission.tt01.time == 0);
    CHECK_FALSE(save.submission.tt01.attitude);
    CHECK(save.submission.harassment == false);
    CHECK_FALSE(save.complaint);
}

TEST_CASE("flow: a counter set up for one stage stamps it on every rating", "[flow]") {
    CounterConfig c = counter();
    c.stage = DossierStage::collection;
    Fixture f(c);
    f.act(action::Start{});
    f.act(action::Rate{3});
    const auto save = only_save(f.act(action::Next{}));
    CHECK(save.submission.stage == DossierStage::collection);
    CHECK_FALSE(save.submission.harassment);  // the question was skipped: no answer, not "no"
    Fixture unknown;  // a counter that serves both: the stage is not known
    unknown.act(action::Start{});
    unknown.act(action::Rate{3});
    CHECK_FALSE(only_save(unknown.act(action::Next{})).submission.stage);
}

TEST_CASE("flow: reasons left behind by going back to a good rating are not sent", "[flow]") {
    Fixture f;
    f.act(action::Start{});
    f.act(action::Rate{1});
    f.act(action::Next{});
    f.act(action::ToggleReason{"slow"});
    f.act(action::Back{});
    REQUIRE(f.flow.screen() == Screen::tt01);
    f.act(action::Back{});
    REQUIRE(f.flow.screen() == Screen::rating);
    f.act(action::Rate{3});
    const auto save = only_save(f.act(action::Next{}));
    CHECK_FALSE(save.complaint);
    CHECK(save.submission.reasons.empty());
}

TEST_CASE("flow: TT 01 answers become the points of methodology.md section 2", "[flow][tt01]") {
    // time: earlier 2, on time 1, late 0.
    CHECK(tt01_points({TimeAnswer::earlier, {}, {}, {}}).time == 2);
    CHECK(tt01_points({TimeAnswer::on_time, {}, {}, {}}).time == 1);
    CHECK(tt01_points({TimeAnswer::late, {}, {}, {}}).time == 0);
    // contacts: none 2, one 1, more than one 0.
    CHECK(tt01_points({{}, ContactsAnswer::none, {}, {}}).contacts == 2);
    CHECK(tt01_points({{}, ContactsAnswer::once, {}, {}}).contacts == 1);
    CHECK(tt01_points({{}, ContactsAnswer::more, {}, {}}).contacts == 0);
    // agencies: none 2, only the one-stop desk 1, more than one 0.
    CHECK(tt01_points({{}, {}, AgenciesAnswer::none, {}}).agencies == 2);
    CHECK(tt01_points({{}, {}, AgenciesAnswer::one_stop_only, {}}).agencies == 1);
    CHECK(tt01_points({{}, {}, AgenciesAnswer::more, {}}).agencies == 0);
    // Skipped questions stay unanswered, never 0 or 2.
    CHECK(tt01_points({}).empty());
    CHECK_FALSE(tt01_points({{}, ContactsAnswer::none, {}, {}}).time);
}

TEST_CASE("flow: the attitude index combines the harassment answer with the time answer", "[flow][tt01]") {
    // Harassment reported: 0 whatever the time.
    CHECK(tt01_points({TimeAnswer::earlier, {}, {}, HarassmentAnswer::yes}).attitude == 0);
    CHECK(tt01_points({{}, {}, {}, HarassmentAnswer::yes}).attitude == 0);
    // No complaint: returned early 2, on time 1; late meets neither row, so the kiosk scores
    // nothing and the server's named policy does (methodology.md section 2).
    CHECK(tt01_points({TimeAnswer::earlier, {}, {}, HarassmentAnswer::no}).attitude == 2);
    CHECK(tt01_points({TimeAnswer::on_time, {}, {}, HarassmentAnswer::no}).attitude == 1);
    CHECK_FALSE(tt01_points({TimeAnswer::late, {}, {}, HarassmentAnswer::no}).attitude);
    // No complaint but the time question skipped: 2 and 1 cannot be told apart, so not recorded.
    CHECK_FALSE(tt01_points({{}, {}, {}, HarassmentAnswer::no}).attitude);
    // Harassment question skipped: not recorded.
    CHECK_FALSE(tt01_points({TimeAnswer::earlier, {}, {}, {}}).attitude);
}

TEST_CASE("flow: TT 01 answers can be changed and taken back before submitting", "[flow][tt01]") {
    Fixture f;
    f.act(action::Start{});
    f.act(action::Rate{3});
    f.act(action::AnswerTime{TimeAnswer::earlier});
    f.act(action::AnswerContacts{ContactsAnswer::once});
    f.act(action::AnswerContacts{ContactsAnswer::none});
    f.act(action::AnswerAgencies{AgenciesAnswer::one_stop_only});
    f.act(action::AnswerAgencies{std::nullopt});
    f.act(action::AnswerHarassment{HarassmentAnswer::no});
    const auto save = only_save(f.act(action::Next{}));
    CHECK(save.submission.tt01.time == 2);
    CHECK(save.submission.tt01.contacts == 2);
    CHECK_FALSE(save.submission.tt01.agencies);
    CHECK(save.submission.tt01.attitude == 2);
}

TEST_CASE("flow: without TT 01 questions a good rating saves on the second tap", "[flow]") {
    CounterConfig c = counter();
    c.survey.ask_tt01 = false;
    Fixture f(c);
    f.act(action::Start{});
    const auto save = only_save(f.act(action::Rate{2}));
    CHECK(save.submission.rating == Rating{3, 2});
    CHECK(f.flow.screen() == Screen::saving);
}

TEST_CASE("flow: on scale 5 the faces run 5..1 and 'Bình thường' (3) is not satisfied", "[flow]") {
    CounterConfig c = counter();
    c.survey.scale = 5;
    Fixture f(c);
    CHECK(f.flow.rating_values() == std::vector<int>{5, 4, 3, 2, 1});
    f.act(action::Start{});
    f.act(action::Rate{6});  // off the scale: ignored
    CHECK(f.flow.screen() == Screen::rating);
    f.act(action::Rate{3});
    f.act(action::Next{});
    CHECK(f.flow.screen() == Screen::reasons);  // 3 < scale - 1 = 4 (methodology.md §1)
    CHECK(only_save(f.act(action::Next{})).submission.rating == Rating{5, 3});
}

TEST_CASE("flow: rating labels are the catalogue keys of the scale's words", "[flow]") {
    CHECK(rating_label_key(3, 3) == "kiosk.rating.very_satisfied");
    CHECK(rating_label_key(3, 2) == "kiosk.rating.satisfied");
    CHECK(rating_label_key(3, 1) == "kiosk.rating.dissatisfied");
    CHECK(rating_label_key(5, 5) == "kiosk.rating.very_satisfied");
    CHECK(rating_label_key(5, 4) == "kiosk.rating.satisfied");
    CHECK(rating_label_key(5, 3) == "kiosk.rating.neutral");
    CHECK(rating_label_key(5, 2) == "kiosk.rating.dissatisfied");
    CHECK(rating_label_key(5, 1) == "kiosk.rating.very_dissatisfied");
}

TEST_CASE("flow: before a face the idle warning counts down at least 20 s, then nothing is kept", "[flow][timer]") {
    CounterConfig c = counter();
    c.timeouts.inactivity = 45s;
    c.timeouts.warning = 5s;  // too short: held at min_warning (20 s)
    Fixture f(c);
    f.act(action::Start{});
    f.act(action::SetLanguage{"en"});
    const auto start = f.clock.steady;
    CHECK(f.flow.next_deadline(f.clock.now()) == start + 45s);
    f.clock.advance(44s);
    f.tick();
    CHECK_FALSE(f.flow.warning());
    f.clock.advance(1s);
    f.tick();
    REQUIRE(f.flow.warning());
    CHECK(f.flow.warning_seconds_left(f.clock.now()) == 20);
    // 0.3 s later the countdown reads ceil(19.7) = 20 and changes in 0.7 s.
    f.clock.advance(300ms);
    CHECK(f.flow.warning_seconds_left(f.clock.now()) == 20);
    CHECK(f.flow.next_deadline(f.clock.now()) == f.clock.steady + 700ms);
    // A tap on the face behind the warning changes nothing: no rating, nothing kept.
    CHECK(f.act(action::Rate{1}).empty());
    CHECK_FALSE(f.flow.answers().rating);
    f.clock.advance(19s);
    CHECK(f.tick().empty());
    CHECK(f.flow.warning_seconds_left(f.clock.now()) == 1);  // 45.3 + 19 = 64.3 s; ends at 65 s
    CHECK(f.flow.screen() == Screen::rating);
    f.clock.advance(700ms);
    CHECK(f.tick().empty());  // no face was tapped: there is nothing to send
    CHECK(f.flow.screen() == Screen::idle);
    CHECK(f.flow.answers() == Answers{});
    CHECK(f.flow.lang() == "vi");
    CHECK_FALSE(f.flow.warning());
}

TEST_CASE("flow: 'Tiếp tục' on the warning keeps the answers and restarts the timer", "[flow][timer]") {
    Fixture f;
    f.act(action::Start{});
    f.act(action::Rate{1});
    // Rated: 20 s of quiet (FlowTimeouts::rated_inactivity) bring the warning.
    f.clock.advance(20s);
    CHECK(f.tick().empty());
    REQUIRE(f.flow.warning());
    f.clock.advance(5s);
    f.act(action::KeepGoing{});
    CHECK_FALSE(f.flow.warning());
    CHECK(f.flow.answers().rating == 1);
    CHECK(f.flow.next_deadline(f.clock.now()) == f.clock.steady + 20s);
    // Every action counts as activity.
    f.clock.advance(19s);
    f.act(action::Activity{});
    f.clock.advance(19s);
    f.tick();
    CHECK_FALSE(f.flow.warning());
}

TEST_CASE("flow: a kiosk woken late shows the whole warning before it clears", "[flow][timer]") {
    Fixture f;
    f.act(action::Start{});
    f.clock.advance(10min);  // the caller slept through both deadlines
    f.tick();
    CHECK(f.flow.screen() == Screen::rating);
    CHECK(f.flow.warning());
    CHECK(f.flow.warning_seconds_left(f.clock.now()) == 25);  // FlowTimeouts::warning
}

TEST_CASE("flow: Back on the rating screen and Cancel end the session, sending a face tapped", "[flow]") {
    Fixture f;
    f.act(action::Start{});
    CHECK(f.act(action::Back{}).empty());  // no face: nothing to send
    CHECK(f.flow.screen() == Screen::idle);

    // "Kết thúc" (Cancel) after a face: the rating is sent as it stands, without a code.
    f.act(action::Start{});
    const Submission kept = only_kept(f.act(action::Rate{1}));
    const auto cancelled = only_save(f.act(action::Cancel{}));
    CHECK(f.flow.screen() == Screen::idle);
    CHECK_FALSE(f.flow.answers().rating);
    CHECK(cancelled.submission == kept);
    CHECK_FALSE(cancelled.complaint);

    // A citizen who went back to the faces and then out: the face still counts.
    f.act(action::Start{});
    const Uuid id = only_kept(f.act(action::Rate{2})).id;
    f.act(action::Back{});
    REQUIRE(f.flow.screen() == Screen::rating);
    const auto out = only_save(f.act(action::Back{}));
    CHECK(f.flow.screen() == Screen::idle);
    CHECK(out.submission.id == id);
    CHECK(out.submission.rating == Rating{3, 2});
}

TEST_CASE("flow: the phone number takes 9 to 15 digits and nothing else", "[flow]") {
    Fixture f;
    f.act(action::Start{});
    f.act(action::Rate{1});
    f.act(action::Next{});
    f.act(action::OpenContact{});
    f.act(action::SetContact{"09123abc"});
    CHECK(f.flow.answers().contact.empty());
    f.act(action::SetContact{"1234567890123456"});  // 16 digits
    CHECK(f.flow.answers().contact.empty());
    f.act(action::SetContact{"09123456"});  // 8 digits: too short to call
    CHECK_FALSE(f.flow.contact_acceptable());
    f.act(action::Done{});
    CHECK(f.flow.screen() == Screen::contact);
    f.act(action::Back{});  // leaving with half a number drops it
    CHECK(f.flow.screen() == Screen::reasons);
    CHECK(f.flow.answers().contact.empty());
    f.act(action::OpenContact{});
    f.act(action::SetContact{"091234567"});
    f.act(action::Done{});
    CHECK(f.flow.screen() == Screen::reasons);
    CHECK(f.flow.answers().contact == "091234567");
}

TEST_CASE("flow: the dossier code from the slip is typed on the TT 01 screen and sent", "[flow]") {
    Fixture f;
    f.act(action::Start{});
    f.act(action::Rate{3});
    f.act(action::OpenDossier{});
    REQUIRE(f.flow.screen() == Screen::dossier);
    f.act(action::SetDossier{"000.00.12.H56-261120-0001"});
    f.act(action::SetDossier{"000 00"});  // a space is no code character: refused
    CHECK(f.flow.answers().dossier == "000.00.12.H56-261120-0001");
    f.act(action::Done{});
    CHECK(f.flow.screen() == Screen::tt01);
    CHECK(only_save(f.act(action::Next{})).submission.dossier == "000.00.12.H56-261120-0001");
}

TEST_CASE("flow: a comment longer than the contract's 2000 characters is refused", "[flow]") {
    Fixture f;
    f.act(action::Start{});
    f.act(action::Rate{1});
    f.act(action::Next{});
    f.act(action::OpenComment{});
    // "ệ" is one character in three bytes: 2000 of them are 6000 bytes, still 2000 characters.
    std::string text;
    for (int i = 0; i < 2000; ++i) text += "\xe1\xbb\x87";
    f.act(action::SetComment{text});
    CHECK(f.flow.answers().comment == text);
    f.act(action::SetComment{text + "a"});
    CHECK(f.flow.answers().comment == text);
}

TEST_CASE("flow: language chosen on the idle screen is sent, then reverts to the default", "[flow]") {
    Fixture f;
    f.act(action::SetLanguage{"en"});
    f.act(action::SetLanguage{"fr"});  // not shipped: ignored
    CHECK(f.flow.lang() == "en");
    f.act(action::Start{});
    f.act(action::Rate{3});
    CHECK(only_save(f.act(action::Next{})).submission.lang == "en");
}

TEST_CASE("flow: the admin screen needs the PIN, three wrong PINs lock the pad for a minute", "[flow][admin]") {
    Fixture f;
    f.act(action::Start{});
    f.act(action::OpenAdmin{});  // only from the idle screen
    CHECK(f.flow.screen() == Screen::rating);
    f.act(action::Cancel{});
    f.act(action::OpenAdmin{});
    REQUIRE(f.flow.screen() == Screen::admin_pin);
    for (int attempt = 1; attempt <= 3; ++attempt) {
        f.act(action::SetPin{"1234"});
        const auto effects = f.act(action::SubmitPin{});
        REQUIRE(effects.size() == 1);
        CHECK(std::get<effect::PinCheckRequested>(effects[0]).pin == "1234");
        CHECK(f.flow.pin_checking());
        CHECK(f.act(action::SubmitPin{}).empty());  // one check at a time
        f.act(action::PinChecked{false});
        CHECK(f.flow.pin_rejected());
        CHECK(f.flow.pin().empty());
    }
    CHECK(f.flow.pin_locked(f.clock.now()));
    f.act(action::SetPin{"9999"});
    CHECK(f.flow.pin().empty());
    CHECK(f.flow.next_deadline(f.clock.now()) <= f.clock.steady + 45s);
    f.clock.advance(30s);
    f.act(action::Activity{});  // stay on the pad
    f.clock.advance(30s);       // 60 s: FlowTimeouts::pin_lockout
    f.act(action::SetPin{"9999"});
    CHECK_FALSE(f.flow.pin_locked(f.clock.now()));
    f.act(action::SubmitPin{});
    f.act(action::PinChecked{true});
    CHECK(f.flow.screen() == Screen::admin);
}

TEST_CASE("flow: the admin signs in the officer now serving, the next rating names them", "[flow][admin]") {
    Fixture f;
    f.act(action::OpenAdmin{});
    f.act(action::SetPin{"2468"});
    f.act(action::SubmitPin{});
    f.act(action::PinChecked{true});
    REQUIRE(f.flow.screen() == Screen::admin);
    CHECK(f.act(action::SelectOfficer{std::string("SCT-999")}).empty());  // not in the list
    const auto effects = f.act(action::SelectOfficer{std::string("SCT-012")});
    REQUIRE(effects.size() == 1);
    const auto& changed = std::get<effect::CounterChanged>(effects[0]);
    CHECK(changed.officer == "SCT-012");
    CHECK(changed.service == "1.001234");
    f.act(action::SelectService{std::nullopt});
    f.act(action::SetDefaultLanguage{"en"});
    REQUIRE(f.flow.officer());
    CHECK(f.flow.officer()->name == "Trần Thị Bình");
    CHECK(f.act(action::Quit{}).empty());  // asks first
    CHECK(f.flow.quit_asked());
    const auto quit = f.act(action::ConfirmQuit{true});
    REQUIRE(quit.size() == 1);
    CHECK(std::holds_alternative<effect::QuitRequested>(quit[0]));
    f.act(action::CloseAdmin{});
    CHECK(f.flow.screen() == Screen::idle);
    CHECK(f.flow.lang() == "en");  // the new default
    f.act(action::Start{});
    f.act(action::Rate{3});
    const Submission s = only_save(f.act(action::Next{})).submission;
    CHECK(s.officer == "SCT-012");
    CHECK_FALSE(s.service);
    CHECK(s.lang == "en");
}

TEST_CASE("flow: each submission gets a fresh id from the random source", "[flow]") {
    Fixture f;
    std::vector<std::string> ids;
    for (int i = 0; i < 2; ++i) {
        f.act(action::Start{});
        f.act(action::Rate{3});
        const Submission s = only_save(f.act(action::Next{})).submission;
        ids.push_back(s.id.to_string());
        f.act(action::SaveFinished{s.id, true, std::nullopt});
        f.act(action::Finish{});
    }
    // Second call: bytes of 0x12 -> 0x12 & 0x0f | 0x70 = 0x72, 0x12 & 0x3f | 0x80 = 0x92. The
    // first 14 characters are the time.
    REQUIRE(ids.size() == 2);
    CHECK(ids[0].substr(14) == "7111-9111-111111111111");
    CHECK(ids[1].substr(14) == "7212-9212-121212121212");
}

TEST_CASE("flow: a new configuration on the idle screen is in use at once", "[flow][config]") {
    Fixture f;
    CounterConfig next = counter();
    next.officers = {{"SCT-012", "Trần Thị Bình", ""}, {"SCT-020", "Lê Văn Cường", ""}};
    next.survey.scale = 5;
    next.survey.ask_tt01 = false;
    next.officer.reset();  // what the server knows: nobody is signed in at this counter
    next.default_lang = "en";
    f.flow.reconfigure(next);
    CHECK(f.flow.counter().officers == next.officers);
    CHECK(f.flow.survey().scale == 5);
    // SCT-007 served here and is gone from the new list: nobody is named; the service stays, and
    // the language chosen at the counter stays Vietnamese.
    CHECK(f.flow.officer() == nullptr);
    REQUIRE(f.flow.service() != nullptr);
    CHECK(f.flow.service()->code == "1.001234");
    CHECK(f.flow.lang() == "vi");
    f.act(action::Start{});
    const auto save = only_save(f.act(action::Rate{5}));  // no TT 01 questions: the second tap saves
    CHECK(save.submission.rating == Rating{5, 5});
    CHECK_FALSE(save.submission.officer);
}

TEST_CASE("flow: a configuration that arrives mid-session waits for the session's end", "[flow][config]") {
    Fixture f;
    f.act(action::Start{});
    f.act(action::Rate{1});
    f.act(action::Next{});
    REQUIRE(f.flow.screen() == Screen::reasons);
    CounterConfig next = counter();
    next.survey.reasons = {{"noisy", "", {{"vi", "Ồn ào"}, {"en", "Noisy"}}}};
    f.flow.reconfigure(next);
    // The citizen keeps the reasons they are looking at, and can still tick one of them.
    CHECK(f.flow.survey().reasons == default_survey().reasons);
    f.act(action::ToggleReason{"slow"});
    const auto save = only_save(f.act(action::Next{}));
    CHECK(save.submission.reasons == std::vector<std::string>{"slow"});
    CHECK(f.flow.survey().reasons == default_survey().reasons);  // still saving
    f.act(action::SaveFinished{save.submission.id, true, "TH1-0042-X"});
    f.act(action::Finish{});
    CHECK(f.flow.screen() == Screen::idle);
    CHECK(f.flow.survey().reasons == next.survey.reasons);
    CHECK(f.flow.officer() != nullptr);  // SCT-007 is still listed, so still serving
}

TEST_CASE("flow: a complaint is looked up by its code, checked here before the server is asked", "[flow][lookup]") {
    Fixture f;
    const std::string code = tracking_code::make(7, 4242);  // display form KKK-SSSS-C
    f.act(action::OpenLookup{});
    REQUIRE(f.flow.screen() == Screen::lookup);
    // Typed in lower case with a dash and a space: the flow keeps the symbols only.
    std::string typed = code.substr(0, 4) + " " + code.substr(4);
    for (char& c : typed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    f.act(action::SetLookupCode{typed});
    CHECK(f.flow.lookup_code().size() == tracking_code_symbols);
    CHECK(f.flow.lookup_code_valid() == code);

    // A mistyped symbol fails the check: nothing is asked.
    std::string wrong = f.flow.lookup_code();
    wrong[3] = wrong[3] == 'X' ? 'Y' : 'X';
    f.act(action::SetLookupCode{wrong});
    CHECK_FALSE(f.flow.lookup_code_valid());
    CHECK(f.act(action::SubmitLookup{}).empty());
    CHECK(f.flow.screen() == Screen::lookup);

    f.act(action::SetLookupCode{typed});
    const auto effects = f.act(action::SubmitLookup{});
    REQUIRE(effects.size() == 1);
    CHECK(std::get<effect::LookupRequested>(effects[0]).code == code);
    CHECK(f.flow.screen() == Screen::lookup_result);
    CHECK(f.flow.lookup_pending());
    // An answer for another code (a stale one) is ignored; the right one is shown.
    f.act(action::LookupFinished{tracking_code::make(7, 1), {ComplaintLookup::Outcome::found, "resolved", "x"}});
    CHECK(f.flow.lookup_pending());
    const ComplaintLookup answer{ComplaintLookup::Outcome::found, "in_progress", "Sở đang xác minh."};
    f.act(action::LookupFinished{code, answer});
    CHECK_FALSE(f.flow.lookup_pending());
    CHECK(f.flow.lookup_result() == answer);

    // Done: back to idle, and the next citizen sees nothing of it.
    f.act(action::Finish{});
    CHECK(f.flow.screen() == Screen::idle);
    CHECK(f.flow.lookup_code().empty());
    CHECK_FALSE(f.flow.lookup_result());
}

TEST_CASE("flow: Back from a lookup's answer types another code, the answer on its way is dropped", "[flow][lookup]") {
    Fixture f;
    const std::string code = tracking_code::make(3, 17);
    f.act(action::OpenLookup{});
    f.act(action::SetLookupCode{code});
    f.act(action::SubmitLookup{});
    f.act(action::Back{});
    CHECK(f.flow.screen() == Screen::lookup);
    f.act(action::LookupFinished{code, {ComplaintLookup::Outcome::not_found, "", std::nullopt}});
    CHECK_FALSE(f.flow.lookup_result());
    f.act(action::Back{});
    CHECK(f.flow.screen() == Screen::idle);
    // The idle timer runs on these screens too: 45 s of quiet, then the 25 s warning.
    f.act(action::OpenLookup{});
    f.clock.advance(45s);
    f.tick();
    CHECK(f.flow.warning());
    f.clock.advance(25s);
    f.tick();
    CHECK(f.flow.screen() == Screen::idle);
}

TEST_CASE("flow: 'Tra mã khác' on a lookup's answer opens the code entry empty, Back keeps the code", "[flow][lookup]") {
    Fixture f;
    const std::string code = tracking_code::make(3, 17);
    f.act(action::OpenLookup{});
    f.act(action::SetLookupCode{code});
    f.act(action::SubmitLookup{});
    f.act(action::LookupFinished{code, {ComplaintLookup::Outcome::not_found, "", std::nullopt}});
    f.act(action::Back{});  // to correct a symbol: the code stays
    CHECK(f.flow.screen() == Screen::lookup);
    CHECK(f.flow.lookup_code_valid() == code);
    f.act(action::SubmitLookup{});
    f.act(action::LookupFinished{code, {ComplaintLookup::Outcome::not_found, "", std::nullopt}});
    f.act(action::LookupAgain{});  // another code: the field is empty
    CHECK(f.flow.screen() == Screen::lookup);
    CHECK(f.flow.lookup_code().empty());
    CHECK_FALSE(f.flow.lookup_result());
    f.act(action::LookupAgain{});  // only on the answer's screen
    CHECK(f.flow.screen() == Screen::lookup);
}

TEST_CASE("flow: the face tap is kept at once, and what follows amends the same submission", "[flow][kept]") {
    Fixture f;
    f.act(action::Start{});
    const Submission face = only_kept(f.act(action::Rate{1}));
    CHECK(face.rating == Rating{3, 1});
    CHECK(face.tt01.empty());
    CHECK(face.officer == "SCT-007");
    CHECK(face.service == "1.001234");

    // Each answer that changes the submission is kept again, under the same id and created_at.
    f.clock.advance(3s);
    const Submission timed = only_kept(f.act(action::AnswerTime{TimeAnswer::late}));
    CHECK(timed.id == face.id);
    CHECK(timed.created_at == face.created_at);
    CHECK(timed.tt01.time == 0);
    CHECK(f.act(action::AnswerTime{TimeAnswer::late}).empty());  // the same answer again: nothing new
    CHECK(f.act(action::Activity{}).empty());

    // Back to the faces and another one: the same submission, rated again.
    f.act(action::Back{});
    const Submission refaced = only_kept(f.act(action::Rate{2}));
    CHECK(refaced.id == face.id);
    CHECK(refaced.rating == Rating{3, 2});
    CHECK(refaced.tt01.time == 0);

    // "Gửi": the complete submission, same id, to be forwarded; the thanks after its commit.
    const auto save = only_save(f.act(action::Next{}));
    CHECK(save.submission == refaced);
    f.act(action::SaveFinished{face.id, true, std::nullopt});
    CHECK(f.flow.screen() == Screen::thanks);
    // The thank-you time ends the session: it was saved complete, nothing more to send.
    f.clock.advance(6s);
    CHECK(f.tick().empty());
    CHECK(f.flow.screen() == Screen::idle);
}

TEST_CASE("flow: typing is kept when the editor is left, not at every letter", "[flow][kept]") {
    Fixture f;
    f.act(action::Start{});
    f.act(action::Rate{1});
    f.act(action::Next{});
    REQUIRE(f.flow.screen() == Screen::reasons);
    CHECK(only_kept(f.act(action::ToggleReason{"slow"})).reasons == std::vector<std::string>{"slow"});
    CHECK(f.act(action::OpenComment{}).empty());
    CHECK(f.act(action::SetComment{"C"}).empty());
    CHECK(f.act(action::SetComment{"Ch"}).empty());
    CHECK(only_kept(f.act(action::Done{})).comment == "Ch");
    f.act(action::OpenContact{});
    CHECK(f.act(action::SetContact{"0912345678"}).empty());
    CHECK(only_kept(f.act(action::Back{})).contact == "0912345678");
}

TEST_CASE("flow: a citizen who taps a face and walks away is counted after 30 s, once", "[flow][kept][timer]") {
    Fixture f;
    f.act(action::Start{});
    f.clock.advance(4s);
    const Submission face = only_kept(f.act(action::Rate{3}));
    f.act(action::AnswerContacts{ContactsAnswer::none});
    const auto tapped = f.clock.steady;
    // After the face, 20 s of quiet bring a 10 s warning (FlowTimeouts::rated_inactivity and
    // rated_warning): 30 s, not the 45 + 25 = 70 s of a session with nothing kept yet.
    CHECK(f.flow.next_deadline(f.clock.now()) == tapped + 20s);
    f.clock.advance(20s);
    CHECK(f.tick().empty());
    REQUIRE(f.flow.warning());
    CHECK(f.flow.warning_total() == 10s);
    CHECK(f.flow.warning_seconds_left(f.clock.now()) == 10);
    f.clock.advance(9999ms);
    CHECK(f.tick().empty());
    CHECK(f.flow.screen() == Screen::tt01);
    f.clock.advance(1ms);
    // The session ends and sends the rating with the answer given, under the face tap's id.
    const auto sent = only_save(f.tick());
    CHECK(f.flow.screen() == Screen::idle);
    CHECK_FALSE(sent.complaint);
    CHECK(sent.submission.id == face.id);
    CHECK(sent.submission.created_at == face.created_at);
    CHECK(sent.submission.rating == Rating{3, 3});
    CHECK(sent.submission.tt01.contacts == 2);
    // Its late answer, should it come, is not for the idle screen.
    f.act(action::SaveFinished{face.id, true, std::nullopt});
    CHECK(f.flow.screen() == Screen::idle);
    CHECK(f.tick().empty());
}

TEST_CASE("flow: a complaint asks for a tracking code only when sent with 'Gửi'", "[flow][kept]") {
    Fixture f;
    f.act(action::Start{});
    f.act(action::Rate{1});
    f.act(action::Next{});
    f.act(action::ToggleReason{"slow"});
    REQUIRE(f.flow.is_complaint());
    CHECK(only_save(f.act(action::Next{})).complaint);

    // The same answers left to the timeout: sent with the reason, but no code that nobody saw.
    Fixture g;
    g.act(action::Start{});
    g.act(action::Rate{1});
    g.act(action::Next{});
    g.act(action::ToggleReason{"slow"});
    g.clock.advance(30s);  // 20 s to the warning, which starts there and runs 10 s
    g.tick();
    REQUIRE(g.flow.warning());
    g.clock.advance(10s);
    const auto sent = only_save(g.tick());
    CHECK_FALSE(sent.complaint);
    CHECK(sent.submission.reasons == std::vector<std::string>{"slow"});
}

TEST_CASE("flow: a save that failed is sent again when the citizen gives up", "[flow][kept]") {
    Fixture f;
    f.act(action::Start{});
    f.act(action::Rate{3});
    const Submission first = only_save(f.act(action::Next{})).submission;
    f.act(action::SaveFinished{first.id, false, std::nullopt});
    REQUIRE(f.flow.screen() == Screen::save_failed);
    // "Kết thúc": the kept rating is not left open; one more try, not waited for.
    const auto again = only_save(f.act(action::Cancel{}));
    CHECK(again.submission == first);
    CHECK(f.flow.screen() == Screen::idle);
}

TEST_CASE("flow: a lookup answer that arrives during the idle warning is shown, not dropped", "[flow][lookup][timer]") {
    Fixture f;
    const std::string code = tracking_code::make(5, 321);
    f.act(action::OpenLookup{});
    f.act(action::SetLookupCode{code});
    REQUIRE(f.act(action::SubmitLookup{}).size() == 1);
    REQUIRE(f.flow.lookup_pending());
    // The server is slow: 45 s pass on the answer screen, the warning comes up.
    f.clock.advance(45s);
    f.tick();
    REQUIRE(f.flow.warning());
    const ComplaintLookup answer{ComplaintLookup::Outcome::found, "resolved", "Đã trả lời qua điện thoại."};
    f.clock.advance(5s);
    f.act(action::LookupFinished{code, answer});
    CHECK_FALSE(f.flow.lookup_pending());
    CHECK(f.flow.lookup_result() == answer);
    // An answer is not the citizen: the countdown goes on (25 s from 45 s, 20 s left at 50 s).
    CHECK(f.flow.warning());
    CHECK(f.flow.warning_seconds_left(f.clock.now()) == 20);
    f.act(action::KeepGoing{});
    CHECK(f.flow.screen() == Screen::lookup_result);
    CHECK(f.flow.lookup_result() == answer);
}

TEST_CASE("flow: a new list of services that lacks the one served keeps it, and ratings name it", "[flow][config]") {
    Fixture f;
    CounterConfig next = counter();
    next.services = {{"2.000204", "Cấp Giấy phép bán lẻ rượu"}};  // the server's: 1.001234 is not there
    next.officers = {{"SCT-012", "Trần Thị Bình", ""}};          // nor is SCT-007
    f.flow.reconfigure(next);
    // The officer who left the list is no longer named; the procedure of the counter stays.
    CHECK(f.flow.officer() == nullptr);
    REQUIRE(f.flow.service() != nullptr);
    CHECK(f.flow.service()->code == "1.001234");
    CHECK(f.flow.counter().services ==
          std::vector<Service>{{"2.000204", "Cấp Giấy phép bán lẻ rượu"}, {"1.001234", "Cấp Giấy phép kinh doanh"}});
    f.act(action::Start{});
    f.act(action::Rate{3});
    CHECK(only_save(f.act(action::Next{})).submission.service == "1.001234");
    // Another list without it, later: still kept, listed once.
    f.flow.reconfigure(next);
    CHECK(f.flow.counter().services.size() == 2);
    CHECK(f.flow.service()->code == "1.001234");
}

// Sign-in at the counter (issue 20): officer SCT-007 has a staff card whose secret is
// "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567" (SHA-256 2fd67e69..., worked out with Python's hashlib, as in
// staff_credentials_test.cpp), SCT-012 a personal PIN (its hash is never checked here: the flow
// asks the caller, and the test answers).
namespace {

constexpr const char* card_007 = "HLSTAFF1:SCT-007:ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

CounterConfig sign_in_counter() {
    CounterConfig c = counter();
    c.officers[0].card_hash = "2fd67e69907bff621c0c4078b1aef595c8562a11f840dd0ec5c5d7c0a4e59331";
    c.officers[1].pin_hash = "$argon2id$v=19$m=65536,t=2,p=1$test";
    c.officer = "SCT-007";  // the admin's old choice: no longer what ratings name
    c.shift_end = std::chrono::hours(17) + std::chrono::minutes(30);
    return c;
}

std::vector<DutyEvent> duty_of(const std::vector<Effect>& effects) {
    std::vector<DutyEvent> out;
    for (const Effect& e : effects)
        if (const auto* d = std::get_if<effect::DutyRecorded>(&e)) out.push_back(d->event);
    return out;
}

}  // namespace

TEST_CASE("flow: on a sign-in counter nobody is on duty at first, and a rating names no officer", "[flow][duty]") {
    Fixture f(sign_in_counter());
    CHECK(f.flow.uses_sign_in());
    CHECK_FALSE(f.flow.on_duty());
    f.act(action::Start{});
    const Submission kept = only_kept(f.act(action::Rate{3}));
    CHECK_FALSE(kept.officer);
}

TEST_CASE("flow: a staff card scanned on idle signs its officer in, and ratings name them", "[flow][duty]") {
    Fixture f(sign_in_counter());
    const auto events = duty_of(f.act(action::Scanned{card_007}));
    REQUIRE(events.size() == 1);
    CHECK(events[0].kind == DutyKind::sign_in);
    CHECK(events[0].officer == "SCT-007");
    CHECK(events[0].method == DutyMethod::card);
    CHECK(events[0].at == Timestamp{wall_start, vietnam_offset});
    CHECK(events[0].id.to_string().substr(14, 1) == "4");  // a v4 id
    REQUIRE(f.flow.on_duty());
    CHECK(f.flow.on_duty()->name == "Nguyễn Văn An");
    CHECK(f.flow.screen() == Screen::idle);
    f.act(action::Start{});
    CHECK(only_kept(f.act(action::Rate{3})).officer == "SCT-007");
}

TEST_CASE("flow: a card that is no good signs nobody in and says so until the next touch", "[flow][duty]") {
    Fixture f(sign_in_counter());
    CHECK(duty_of(f.act(action::Scanned{"HLSTAFF1:SCT-007:WRONGSECRETWRONGSECRETWRONGSECR"})).empty());
    CHECK(f.flow.card_rejected());
    CHECK_FALSE(f.flow.on_duty());
    f.act(action::Activity{});
    CHECK_FALSE(f.flow.card_rejected());
}

TEST_CASE("flow: name and PIN sign in, and another officer's sign-in signs the first out as replaced", "[flow][duty]") {
    Fixture f(sign_in_counter());
    f.act(action::Scanned{card_007});
    f.clock.advance(std::chrono::hours(1));
    f.act(action::OpenSignIn{});
    CHECK(f.flow.screen() == Screen::sign_in);
    f.act(action::SetSignInFilter{"binh"});
    const auto found = f.flow.sign_in().matches(f.flow.counter());
    REQUIRE(found.size() == 1);  // SCT-007 has no PIN and does not match anyway
    CHECK(found[0]->code == "SCT-012");
    f.act(action::ChooseOfficer{"SCT-012"});
    CHECK(f.flow.screen() == Screen::sign_in_pin);
    f.act(action::SetPin{"2468"});
    const auto asked = f.act(action::SubmitPin{});
    REQUIRE(asked.size() == 1);
    const auto& check = std::get<effect::CredentialCheckRequested>(asked[0]);
    CHECK(check.officer == "SCT-012");
    CHECK(check.pin == "2468");
    CHECK(check.pin_hash == "$argon2id$v=19$m=65536,t=2,p=1$test");
    const auto events = duty_of(f.act(action::CredentialChecked{"SCT-012", true}));
    REQUIRE(events.size() == 2);
    CHECK(events[0].kind == DutyKind::sign_out);
    CHECK(events[0].officer == "SCT-007");
    CHECK(events[0].method == DutyMethod::replaced);
    CHECK(events[1].kind == DutyKind::sign_in);
    CHECK(events[1].officer == "SCT-012");
    CHECK(events[1].method == DutyMethod::pin);
    CHECK(events[0].at == events[1].at);
    CHECK(f.flow.screen() == Screen::idle);
    CHECK(f.flow.on_duty()->code == "SCT-012");
}

TEST_CASE("flow: five wrong PINs lock the officers' pad for 30 s", "[flow][duty]") {
    Fixture f(sign_in_counter());
    f.act(action::OpenSignIn{});
    f.act(action::ChooseOfficer{"SCT-012"});
    for (int i = 0; i < 5; ++i) {
        f.act(action::SetPin{"1111"});
        f.act(action::SubmitPin{});
        CHECK(duty_of(f.act(action::CredentialChecked{"SCT-012", false})).empty());
        CHECK(f.flow.sign_in().rejected());
    }
    CHECK(f.flow.sign_in().locked(f.clock.now()));
    f.act(action::SetPin{"2468"});
    CHECK(f.act(action::SubmitPin{}).empty());  // locked: nothing typed, nothing asked
    f.clock.advance(30s);
    f.tick();
    CHECK_FALSE(f.flow.sign_in().locked(f.clock.now()));
    f.act(action::SetPin{"2468"});
    CHECK(f.act(action::SubmitPin{}).size() == 1);
}

TEST_CASE("flow: 'Đăng xuất' asks first, then signs out by hand", "[flow][duty]") {
    Fixture f(sign_in_counter());
    f.act(action::Scanned{card_007});
    f.act(action::AskSignOut{});
    CHECK(f.flow.sign_out_asked());
    CHECK(duty_of(f.act(action::ConfirmSignOut{false})).empty());
    CHECK(f.flow.on_duty());
    f.act(action::AskSignOut{});
    const auto events = duty_of(f.act(action::ConfirmSignOut{true}));
    REQUIRE(events.size() == 1);
    CHECK(events[0].kind == DutyKind::sign_out);
    CHECK(events[0].method == DutyMethod::manual);
    CHECK_FALSE(f.flow.on_duty());
}

TEST_CASE("flow: the end of shift signs the officer out, dated 17:30 local, and a rating begun before keeps them", "[flow][duty]") {
    Fixture f(sign_in_counter());
    f.act(action::Scanned{card_007});  // 08:15:30 local
    // 17:29:00 local is 9 h 13 min 30 s later: a citizen taps a face a minute before the end.
    f.clock.advance(std::chrono::hours(9) + std::chrono::minutes(13) + 30s);
    f.act(action::Start{});
    CHECK(only_kept(f.act(action::Rate{3})).officer == "SCT-007");
    REQUIRE(f.flow.next_deadline(f.clock.now()));
    f.clock.advance(std::chrono::minutes(1));  // 17:30:00
    const auto effects = f.tick();
    const auto events = duty_of(effects);
    REQUIRE(events.size() == 1);
    CHECK(events[0].method == DutyMethod::shift_end);
    CHECK(format_rfc3339(events[0].at.instant, events[0].at.offset) == "2026-11-20T17:30:00+07:00");
    CHECK_FALSE(f.flow.on_duty());
    // The session goes on; its rating still names the officer of its face tap.
    f.act(action::Cancel{});
    CHECK(f.flow.screen() == Screen::idle);
}

TEST_CASE("flow: the kiosk's own end of shift overrides the server's", "[flow][duty]") {
    CounterConfig c = sign_in_counter();
    c.shift_end_override = std::chrono::hours(9);
    Fixture f(c);
    f.act(action::Scanned{card_007});  // 08:15:30
    f.clock.advance(std::chrono::minutes(44) + 30s);  // 09:00:00
    const auto events = duty_of(f.tick());
    REQUIRE(events.size() == 1);
    CHECK(format_rfc3339(events[0].at.instant, events[0].at.offset) == "2026-11-20T09:00:00+07:00");
}

TEST_CASE("flow: an officer on duty when the kiosk stopped is on duty again, unless the shift ended meanwhile", "[flow][duty]") {
    CounterConfig c = sign_in_counter();
    c.signed_in = "SCT-012";
    c.signed_in_at = wall_start - std::chrono::hours(1);  // 07:15:30 today
    {
        Fixture f(c);
        CHECK(f.flow.on_duty()->code == "SCT-012");
        CHECK(duty_of(f.tick()).empty());
    }
    {
        // The local file lists only SCT-007: the server's list, from the cache, brings SCT-012
        // back at once, and she is still on duty.
        CounterConfig local = c;
        local.officers.resize(1);
        local.officers[0].card_hash.clear();
        Fixture f(local);
        CHECK_FALSE(f.flow.on_duty());  // not a sign-in counter yet
        f.flow.reconfigure(c);
        REQUIRE(f.flow.on_duty());
        CHECK(f.flow.on_duty()->code == "SCT-012");
        f.act(action::Start{});
        CHECK(only_kept(f.act(action::Rate{3})).officer == "SCT-012");
    }
    c.signed_in_at = wall_start - std::chrono::hours(24);  // yesterday: the 17:30 has passed
    Fixture f(c);
    const auto events = duty_of(f.tick());
    REQUIRE(events.size() == 1);
    CHECK(format_rfc3339(events[0].at.instant, events[0].at.offset) == "2026-11-19T17:30:00+07:00");
}

TEST_CASE("flow: a counter whose officers have no credentials keeps the admin's officer", "[flow][duty]") {
    Fixture f;  // counter(): no PIN, no card
    CHECK_FALSE(f.flow.uses_sign_in());
    CHECK(f.act(action::Scanned{card_007}).empty());
    CHECK(f.flow.card_rejected());
    f.act(action::Start{});
    CHECK(only_kept(f.act(action::Rate{3})).officer == "SCT-007");
}

TEST_CASE("flow: on a sign-in counter the admin's choice of officer is a sign-in by hand", "[flow][duty]") {
    Fixture f(sign_in_counter());
    f.act(action::OpenAdmin{});
    f.act(action::SetPin{"2468"});
    f.act(action::SubmitPin{});
    f.act(action::PinChecked{true});
    REQUIRE(f.flow.screen() == Screen::admin);
    const auto events = duty_of(f.act(action::SelectOfficer{"SCT-012"}));
    REQUIRE(events.size() == 1);
    CHECK(events[0].method == DutyMethod::manual);
    CHECK(f.flow.on_duty()->code == "SCT-012");
}

TEST_CASE("flow: a dossier code scanned on idle starts a rating with it, and is asked about", "[flow][dossier]") {
    Fixture f;
    const auto effects = f.act(action::Scanned{"000.00.12.H56-261120-0001"});
    CHECK(f.flow.screen() == Screen::rating);
    CHECK(f.flow.answers().dossier == "000.00.12.H56-261120-0001");
    REQUIRE(effects.size() == 1);
    CHECK(std::get<effect::DossierCheckRequested>(effects[0]).code == "000.00.12.H56-261120-0001");
    CHECK(f.flow.dossier_checking());
    // Not a code (a space): nothing starts.
    Fixture g;
    CHECK(g.act(action::Scanned{"not a code"}).empty());
    CHECK(g.flow.screen() == Screen::idle);
}

TEST_CASE("flow: the server's stage goes with the rating, and unknown or no answer, the counter's", "[flow][dossier]") {
    CounterConfig c = counter();
    c.stage = DossierStage::filing;
    Fixture f(c);
    f.act(action::Start{});
    f.act(action::Rate{3});
    CHECK(f.flow.screen() == Screen::tt01);
    f.act(action::Scanned{"000.00.12.H56-261120-0001"});  // on TT 01: fills the code
    DossierInfo info;
    info.outcome = DossierInfo::Outcome::known;
    info.service_code = "2.000204";
    info.service_name = "Cấp Giấy phép bán lẻ rượu";
    info.stage = DossierStage::collection;
    info.rated_at_stage = true;
    const Submission kept = only_kept(f.act(action::DossierChecked{"000.00.12.H56-261120-0001", info}));
    CHECK(kept.dossier == "000.00.12.H56-261120-0001");
    CHECK(kept.stage == DossierStage::collection);
    CHECK(f.flow.dossier_info() == info);
    // An answer for another code changes nothing.
    CHECK(f.act(action::DossierChecked{"OTHER-1", DossierInfo{}}).empty());
    const effect::SaveRequested saved = only_save(f.act(action::Next{}));
    CHECK(saved.submission.stage == DossierStage::collection);

    // Unknown: the counter's stage.
    Fixture g(c);
    g.act(action::Start{});
    g.act(action::Rate{3});
    g.act(action::Scanned{"000.00.12.H56-261120-0002"});
    DossierInfo unknown;
    unknown.outcome = DossierInfo::Outcome::unknown;
    g.act(action::DossierChecked{"000.00.12.H56-261120-0002", unknown});
    CHECK(only_save(g.act(action::Next{})).submission.stage == DossierStage::filing);
}

TEST_CASE("flow: a code typed on the dossier screen is asked about when the citizen leaves it", "[flow][dossier]") {
    Fixture f;
    f.act(action::Start{});
    f.act(action::Rate{3});
    f.act(action::OpenDossier{});
    f.act(action::SetDossier{"H56-0001"});
    const auto effects = f.act(action::Done{});
    CHECK(f.flow.screen() == Screen::tt01);
    bool asked = false;
    for (const Effect& e : effects)
        if (const auto* d = std::get_if<effect::DossierCheckRequested>(&e)) asked = d->code == "H56-0001";
    CHECK(asked);
    // A scan on the dossier screen fills the code in one go and goes back.
    f.act(action::OpenDossier{});
    f.act(action::Scanned{"H56-0002"});
    CHECK(f.flow.screen() == Screen::tt01);
    CHECK(f.flow.answers().dossier == "H56-0002");
}
