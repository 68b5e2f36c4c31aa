// curl_transport: to be written (kiosk issue).
