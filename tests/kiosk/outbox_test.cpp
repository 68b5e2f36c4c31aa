// Tests of outbox: to be written (kiosk issue).
