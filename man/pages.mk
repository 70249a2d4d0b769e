# The API pages of the core modules (one page per function or small family).
MAN_API = \
	man/mfk_body_add_member.3 \
	man/mfk_body_add_principle.3 \
	man/mfk_body_new.3 \
	man/mfk_body_set_chair.3 \
	man/mfk_body_set_externality.3 \
	man/mfk_body_set_quorum.3 \
	man/mfk_body_set_rule.3 \
	man/mfk_body_set_weight.3 \
	man/mfk_check_admissible.3 \
	man/mfk_consultation_account.3 \
	man/mfk_consultation_circulate.3 \
	man/mfk_consultation_new.3 \
	man/mfk_consultation_outcome.3 \
	man/mfk_consultation_run.3 \
	man/mfk_consultation_set_hook.3 \
	man/mfk_consultation_set_stance.3 \
	man/mfk_consultation_violation.3 \
	man/mfk_model_stances.3 \
	man/mfk_name.3 \
	man/mfk_proposal_add_role.3 \
	man/mfk_proposal_amend.3 \
	man/mfk_proposal_new.3 \
	man/mfk_proposal_set_pillar.3 \
	man/mfk_proposal_set_rule.3 \
	man/mfk_proposal_set_text.3 \
	man/mfk_rule_init.3 \
	man/mfk_scenario_body.3 \
	man/mfk_scenario_consult.3 \
	man/mfk_scenario_read_json.3 \
	man/mfk_strerror.3 \
	man/mfk_version.3
