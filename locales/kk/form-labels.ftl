# How each answer of the form is named where it is shown: the statement, the staff card, the
# review (flows/form/questions.ts). Noun phrases, not questions: the questions are elsewhere.
form-label-parent-full-name = Өтініш берушінің тегі, аты, әкесінің аты
form-label-parent-iin = Өтініш берушінің ЖСН-і
form-label-parent-phone = Өтініш берушінің телефоны
form-label-parent-email = Өтініш берушінің электрондық поштасы
form-label-child-full-name = Баланың тегі, аты, әкесінің аты
form-label-child-iin = Баланың ЖСН-і
form-label-child-birth-date = Баланың туған күні
form-label-child-grade = Баланың оқитын сыныбы
form-label-school = Білім беру ұйымы
# How many pages of a document the draft holds.
form-pages = { $count } файл
