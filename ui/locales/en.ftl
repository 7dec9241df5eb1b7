# The kiosk's own words, in English. Placeholders like { $clinic } are filled in by the UI.
# Every key here must also be in es.ftl (a unit test checks).

welcome-title = Welcome to { $clinic }
welcome-invite = Tap your language to begin
home-title = Learn about treatments
home-lead = Tap a topic to read about it.
home-lists-title = Questions for any treatment
home-lists-summary = Questions to ask before any new treatment, about cost, and about your medicines
start-over = Start over
home = Home
back = Back
my-questions = My questions ({ $count })
key-facts = Key facts
evidence-approved = Approved by the FDA for this use
evidence-off-label = Used "off-label": approved for other uses; some studies support this use
evidence-not-proven = Not proven: good studies have not shown it works
evidence-advised-against = US regulators warn against it
may-help = Who it may help
should-not-have = Who should not have it
main-risks = Main risks
last-updated = Last updated { $date }
reviewed-by = Reviewed by { $name } on { $date }
next-review = Next review due { $date }
sections = On this page
sources = Sources
scan-to-open = Scan with your phone to open
not-medical-advice = This is general information, not medical advice. Talk with your provider about your own health.
crisis-title = If you need help now
crisis-body = If you are in danger, call 911. If you are thinking about suicide or in emotional crisis, call or text 988, any time, for free.
fallback-notice = This page is not available in Spanish yet. Here it is in English.
questions-to-ask = Questions to ask
question-add = Add
question-added = Added
review-title = My questions for my provider
review-empty = You have not added any questions yet. Tap “Add” next to a question to add it.
move-up = Move up
move-down = Move down
remove = Remove
print = Print my questions
printing = Printing…
printed = Printing… please pick it up at the front desk.
print-error-not-configured = Printing is not set up on this kiosk. Please show this screen to the front desk.
print-error-printer = The printer is not working right now. Please show this screen to the front desk. Your questions are still here.
print-error-other = Something went wrong with printing. Please ask the front desk for help. Your questions are still here.
idle-title = Are you still there?
idle-body = To protect your privacy, this screen will clear in { $seconds } seconds.
idle-stay = I'm still here
text-size = Text size
text-smaller = Smaller text
text-larger = Larger text
contrast = High contrast
language = Language
no-content-title = No content yet
no-content-body = This kiosk has no topics to show yet. Please ask the front desk.
error-title = Sorry, something went wrong

# Added by the UI: the short evidence words on a home-screen tile, and the note on a tile whose
# page is shown in English because it has no translation yet.
evidence-short-approved = FDA approved
evidence-short-off-label = Off-label use
evidence-short-not-proven = Not proven
evidence-short-advised-against = Warned against
in-english = In English

# Read aloud
listen = Listen
listen-pause = Pause
listen-resume = Go on
listen-stop = Stop
listen-slower = Slower
listen-failed = Sorry, reading aloud is not working right now.
# The patient's own question, typed on the kiosk's keyboard
own-add = Add my own question
own-title = Type your question
own-letters = letters
own-empty = Type a question first, or tap Cancel.
kb-shift = Capital letter
kb-numbers = Numbers
kb-letters = Letters
kb-space = Space
kb-backspace = Delete
kb-done = Done
kb-cancel = Cancel
