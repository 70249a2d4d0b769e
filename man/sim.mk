# The simulator's pages: random streams, the Wilson interval, the Monte Carlo.
MAN_SIM = \
	man/mfk_rng_seed.3 \
	man/mfk_sim_new.3 \
	man/mfk_sim_run.3 \
	man/mfk_sim_set_param.3 \
	man/mfk_sim_sweep_new.3 \
	man/mfk_sim_write_json.3 \
	man/mfk_wilson.3
