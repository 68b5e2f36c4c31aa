// tracking_code: to be written (kiosk issue).
