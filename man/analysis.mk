MAN_ANALYSIS = \
	man/mufakat-power.1 \
	man/mufakat-winset.1 \
	man/mufakat-dynamics.1 \
	man/mfk_game_new.3 \
	man/mfk_game_compute.3 \
	man/mfk_game_compute_indices.3 \
	man/mfk_winset_1d.3 \
	man/mfk_dynamics_run.3 \
	man/mfk_game_write_json.3 \
	man/mfk_winset_write_json.3 \
	man/mfk_winset_point_write_json.3 \
	man/mfk_dynamics_write_json.3 \
	man/mfk_number_json.3 \
	man/mfk_text_escape.3
