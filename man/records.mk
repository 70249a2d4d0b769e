MAN_RECORDS = man/mfk_scenario_read_cbor.3
