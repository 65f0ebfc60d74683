//! From cells to customers and order lines: finding the header, matching
//! columns to fields, reading the values office sheets hold. Pure: no IO.
