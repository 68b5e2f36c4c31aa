// Tests of vietnamese_input: to be written (kiosk issue).
