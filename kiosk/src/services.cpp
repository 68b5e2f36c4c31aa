#include "services.hpp"

#include <memory>
#include <stdexcept>

#include "hailong/kiosk/staff_credentials.hpp"
#include "image_file.hpp"
#include "pin_hash.hpp"
#include "speech.hpp"

namespace hailong::kiosk {

KioskServices kiosk_services(Backend& backend, const KioskSettings& settings) {
    KioskServices s;
    s.save = [&backend](const Submission& submission, bool complaint) { return backend.save(submission, complaint); };
    s.keep_open = [&backend](const Submission& submission) { return backend.keep_open(submission); };
    s.status = [&backend] { return backend.status(); };
    s.test_network = [&backend] { return backend.test_network(); };
    s.check_pin = [hash = settings.pin_hash](const std::string& pin) { return pin_matches(hash, pin); };
    s.remember_counter = [&backend](const effect::CounterChanged& counter) { backend.remember_counter(counter); };
    // The outputs are asked before each prompt: headphones are plugged in and out between them.
    s.speak = [command = settings.speech_command, output = settings.speech_output](const std::string& text,
                                                                                     const std::string& lang) {
        const AudioChoice where =
            choose_audio_output(output, output == SpeechOutput::speaker ? std::nullopt : list_audio_sinks());
        if (where.speak) speak_aloud(command, text, lang, where.sink);
    };
    s.load_image = [](const std::string& path) { return load_image_file(path); };
    s.lookup_complaint = [&backend](const std::string& code) { return backend.lookup_complaint(code); };
    s.record_duty = [&backend](const DutyEvent& event) { return backend.record_duty(event); };
    s.check_officer_pin = [](const std::string& hash, const std::string& pin) { return pin_hash_matches(hash, pin); };
    s.check_dossier = [&backend](const std::string& code) { return backend.check_dossier(code); };
    s.watch_config = [&backend](KioskServices::ConfigListener listener) { backend.config().subscribe(std::move(listener)); };
    if (settings.receipt_printer.enabled()) {
        s.print_receipt = [sink = std::shared_ptr<ReceiptSink>(receipt_sink(settings.receipt_printer))](const Receipt& receipt) {
            const std::string problem = sink->send(receipt_bytes(receipt));
            if (!problem.empty()) throw std::runtime_error(problem);
        };
    }
    return s;
}

}  // namespace hailong::kiosk
