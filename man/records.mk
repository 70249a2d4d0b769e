MAN_RECORDS = \
	man/mufakat-record.5 \
	man/mfk_scenario_read_cbor.3 \
	man/mfk_scenario_write_json.3 \
	man/mfk_consultation_write_json.3 \
	man/mfk_consultation_write_svg.3 \
	man/mfk_record_new.3 \
	man/mfk_record_seq.3 \
	man/mfk_record_write_json.3 \
	man/mfk_report_new.3 \
	man/mfk_journal_open.3 \
	man/mfk_journal_reader_new.3 \
	man/mfk_journal_reader_set_key.3 \
	man/mfk_journal_set_key.3 \
	man/mfk_record_set_reason.3 \
	man/mfk_scenario_reason.3 \
	man/mfk_time_to_utc.3 \
	man/mfk_consultation_set_first_round.3 \
	man/mfk_record_set_continues.3 \
	man/mfk_scenario_meeting_count.3 \
	man/mfk_scenario_summit.3 \
	man/mfk_scenario_summit_consult.3 \
	man/mfk_scenario_summit_run.3 \
	man/mfk_series_new.3
