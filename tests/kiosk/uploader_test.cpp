// Tests of uploader: to be written (kiosk issue).
