# The API pages of the core modules (one page per function or small family).
MAN_API = \
	man/mfk_body_add_member.3 \
	man/mfk_body_add_principle.3 \
	man/mfk_body_new.3 \
	man/mfk_body_set_chair.3 \
	man/mfk_body_set_rule.3 \
	man/mfk_body_set_weight.3 \
	man/mfk_name.3 \
	man/mfk_strerror.3 \
	man/mfk_version.3
