function CheckLocation() { return true; }
