// outbox: to be written (kiosk issue).
