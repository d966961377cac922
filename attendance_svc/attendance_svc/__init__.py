"""attendance_svc — gate devices, clock records (考勤) by face, card and code, attendance cards and day views."""
