// config_cache: to be written (kiosk issue).
