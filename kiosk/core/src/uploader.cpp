// uploader: to be written (kiosk issue).
