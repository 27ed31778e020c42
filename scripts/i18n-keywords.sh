# The xgettext keywords of Tillit's C sources: the functions whose
# arguments are message ids. Sourced by update-po.sh and check-po.sh.
KEYWORDS="--keyword=N_ --keyword=tr:2 --keyword=html_tr:2 --keyword=err_set:4 --keyword=err_set1:4
 --keyword=form_text:4 --keyword=form_input:5 --keyword=form_textarea:4 --keyword=form_select:4
 --keyword=form_checkbox:4 --keyword=form_submit:2 --keyword=detail_row:2 --keyword=nav_link:4
 --keyword=form_picker:4 --keyword=form_filter_select:4 --keyword=form_filter_select:5 --keyword=form_picker_filter:4
 --keyword=form_unit_filter:4 --keyword=form_suggest:4 --keyword=risk_multi_select:4 --keyword=time_row:2
 --keyword=export_button:5 --keyword=form_errors_as:4"
