# The pages of the predictions (mufakat predict, lib/analysis/predict.c).
MAN_PREDICT = \
	man/mufakat-predict.1 \
	man/mfk_predict.3 \
	man/mfk_prediction_write_json.3 \
	man/mfk_body_set_dimension_name.3 \
	man/mfk_scenario_read_table.3 \
	man/mufakat-compromise.7 \
	man/mufakat-median.7 \
	man/mufakat-nbs.7 \
	man/mufakat-exchange.7
